import { Hono } from 'hono';
import {
  type GatewayLogin,
  GatewayLoginRequestSchema,
  type GatewayRecipientsCheck,
  GatewayRecipientsRequestSchema,
} from '../../shared/gateway.ts';
import { requireAuth } from '../auth/authenticate.ts';
import { DEVICE_TOKEN_PREFIX, readDeviceToken } from '../auth/device-tokens.ts';
import { assertNotLocked, clearEvents, countEvent, LOGIN_LIMIT } from '../auth/rate-limit.ts';
import { readBody } from '../auth/read-body.ts';
import { mustAcceptCgu } from '../cgu/cgu.ts';
import { checkRecipients } from '../delivery/recipients.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { balByAddress, listAccessibleBals } from '../storage/bals.ts';
import { recordTrace } from '../storage/traces.ts';

/**
 * The IMAP/SMTP gateway's calls (server/gateway/): it holds no state and reaches nothing
 * but the Worker's HTTP API, so the login check, its rate limit and the trust-space check
 * live here and are shared by every gateway instance.
 */
export const gatewayRoutes = new Hono<AppEnv>()
  /**
   * A mail client's login: a BAL address and an application password (a device token,
   * sent as the bearer). The address must be a BAL the token's owner may use: their own,
   * or one delegated to them (a delegate may have no BAL of their own). Failures are
   * counted per address (`app:<address>`, the web login's limit: 5 in 15 minutes lock it
   * for 15 minutes), unknown addresses exactly like known ones; a success clears them.
   */
  .post('/login', async (c) => {
    const { address, protocol } = await readBody(c, GatewayLoginRequestSchema);
    const db = c.env.DB;
    const key = `app:${address}`;
    await assertNotLocked(db, key);
    const token = c.req.header('Authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const device =
      token?.startsWith(DEVICE_TOKEN_PREFIX) === true ? await readDeviceToken(db, token) : null;
    const bals = device ? await listAccessibleBals(db, device.idNat) : [];
    const bal = bals.find((b) => b.address.toLowerCase() === address);
    if (!device || !bal) {
      const { locked } = await countEvent(db, key, LOGIN_LIMIT);
      const target = await balByAddress(db, address);
      await recordTrace(db, {
        kind: 'login_failed',
        actorIdNat: target?.holderIdNat ?? null,
        balId: target?.id ?? null,
        channel: protocol,
        detail: locked ? `${protocol}_locked` : protocol,
      });
      throw new ApiError('invalid_credentials', 'Wrong address or application password.');
    }
    if (await mustAcceptCgu(db, device.idNat)) {
      throw new ApiError('cgu_required', 'The current terms of use must be accepted.');
    }
    await clearEvents(db, key);
    await recordTrace(db, {
      kind: 'login',
      actorIdNat: device.idNat,
      balId: bal.id,
      channel: `token:${device.id}`,
      detail: protocol,
    });
    const body: GatewayLogin = {
      ownAddress: bals.find((b) => b.role === 'holder')?.address ?? null,
      accounts: bals.map((b) => ({ id: b.id, address: b.address, role: b.role })),
    };
    return c.json(body);
  })
  /** Checks recipients against the trust space, as a submission would (RCPT TO time). */
  .post('/recipients', requireAuth({ allow: 'token' }), async (c) => {
    const { recipients } = await readBody(c, GatewayRecipientsRequestSchema);
    const check = await checkRecipients(c.env, recipients);
    const body: GatewayRecipientsCheck = { refused: check.ok ? [] : check.refused };
    return c.json(body);
  });
