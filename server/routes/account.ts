import { Hono } from 'hono';
import { BalDeletionSchema } from '../../shared/account/settings.ts';
import { deleteBal } from '../account/deletion.ts';
import { accountExport, mailboxZip } from '../account/export.ts';
import { BEFORE_CGU, requireAuth } from '../auth/authenticate.ts';
import { readBody } from '../auth/read-body.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { type AccessibleBal, accessibleBal, balByAddress } from '../storage/bals.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

async function heldBal(db: D1Database, idNat: string, ref: string): Promise<AccessibleBal> {
  const id = ref.includes('@') ? (await balByAddress(db, ref))?.id : ref;
  const bal = id ? await accessibleBal(db, idNat, id) : null;
  if (!bal) throw new ApiError('not_found', 'No such mailbox.');
  if (bal.role !== 'holder') throw new ApiError('forbidden', 'Only the holder may do this.');
  return bal;
}

/**
 * The rights of the account holder: export of their data (account as JSON, a mailbox as a
 * ZIP of .eml) and deletion of a BAL after confirmation.
 */
export const accountRoutes = new Hono<AppEnv>()
  // Exporting one's data stays open before accepting new CGU (a person who refuses them
  // takes their data away); deleting a BAL does not.
  .get('/export', requireAuth(BEFORE_CGU), async (c) => {
    const auth = c.get('auth');
    const body = await accountExport(c.env.DB, auth.idNat);
    await recordTrace(c.env.DB, {
      kind: 'account_exported',
      actorIdNat: auth.idNat,
      channel: channelOf(auth),
    });
    c.header('Content-Disposition', 'attachment; filename="pli-compte.json"');
    return c.json(body);
  })
  .get('/export/mailbox', requireAuth(BEFORE_CGU), async (c) => {
    const auth = c.get('auth');
    const bal = await heldBal(c.env.DB, auth.idNat, c.req.query('bal') ?? '');
    await recordTrace(c.env.DB, {
      kind: 'mailbox_exported',
      actorIdNat: auth.idNat,
      balId: bal.id,
      channel: channelOf(auth),
    });
    return new Response(mailboxZip(c.env, bal.id), {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': 'attachment; filename="pli-messages.zip"',
      },
    });
  })
  .post('/delete-bal', requireAuth(), async (c) => {
    const auth = c.get('auth');
    const input = await readBody(c, BalDeletionSchema);
    const bal = await heldBal(c.env.DB, auth.idNat, input.bal);
    if (input.confirm !== bal.address.toLowerCase()) {
      throw new ApiError('invalid_request', 'Type the address of the mailbox to confirm.');
    }
    await deleteBal(c.env, { balId: bal.id, actorIdNat: auth.idNat, channel: channelOf(auth) });
    return c.body(null, 204);
  });
