import { forgetAccess } from '../auth/access-cache.ts';
import { publishPliBal } from '../directory/pli-bals.ts';
import type { Bindings } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { sendExternalEmail } from '../outside/send.ts';
import { recordTrace } from '../storage/traces.ts';
import { externalContact } from './contact.ts';

/** Deletes every R2 object under a prefix, a page at a time. */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/**
 * Deletes a BAL at its holder's request: its messages and blobs are erased at once; the
 * BAL leaves the directory; its delegations end; its identification data stays one year
 * and its functional traces ten years (the retention job purges them). When it was the
 * holder's last BAL, the person is marked deleted and all their sessions and devices end.
 */
export async function deleteBal(
  env: Bindings,
  input: { balId: string; actorIdNat: string; channel: string },
  now = Date.now(),
): Promise<void> {
  const bal = await env.DB.prepare(
    'SELECT id, address, holder_id_nat FROM bals WHERE id = ? AND deleted_at IS NULL',
  )
    .bind(input.balId)
    .first<{ id: string; address: string; holder_id_nat: string }>();
  if (!bal) return;
  await env.DB.batch([
    env.DB.prepare('UPDATE bals SET deleted_at = ? WHERE id = ?').bind(now, bal.id),
    env.DB.prepare('INSERT OR IGNORE INTO bal_tombstones (bal_id, deleted_at) VALUES (?, ?)').bind(
      bal.id,
      now,
    ),
    env.DB.prepare(
      'UPDATE delegations SET revoked_at = ? WHERE bal_id = ? AND revoked_at IS NULL',
    ).bind(now, bal.id),
    env.DB.prepare('DELETE FROM notice_state WHERE bal_id = ?').bind(bal.id),
  ]);
  forgetAccess();
  await publishPliBal(env.DB, bal.id, now);
  await mailboxStub(env, bal.id).erase();
  await deletePrefix(env.BLOBS, `mail/${bal.id}/`);
  await recordTrace(env.DB, {
    kind: 'bal_deleted',
    actorIdNat: input.actorIdNat,
    balId: bal.id,
    channel: input.channel,
    at: now,
  });
  const { email } = await externalContact(env.DB, bal.holder_id_nat);
  const others = await env.DB.prepare(
    'SELECT count(*) AS n FROM bals WHERE holder_id_nat = ? AND deleted_at IS NULL',
  )
    .bind(bal.holder_id_nat)
    .first<{ n: number }>();
  if ((others?.n ?? 0) === 0) {
    await env.DB.batch([
      env.DB.prepare('UPDATE persons SET deleted_at = ? WHERE id_nat = ?').bind(
        now,
        bal.holder_id_nat,
      ),
      env.DB.prepare('DELETE FROM sessions WHERE id_nat = ?').bind(bal.holder_id_nat),
      env.DB.prepare(
        'UPDATE device_tokens SET revoked_at = ? WHERE id_nat = ? AND revoked_at IS NULL',
      ).bind(now, bal.holder_id_nat),
    ]);
    forgetAccess();
  }
  if (email) {
    await sendExternalEmail(env, {
      to: email,
      subject: 'Suppression de votre boîte aux lettres sécurisée',
      text: [
        'Bonjour,',
        '',
        `Votre boîte aux lettres ${bal.address} a été supprimée, ainsi que tous ses messages.`,
        'Vos données d’identification sont conservées un an, et l’historique des actions dix ans, comme le prévoit notre politique de confidentialité.',
      ].join('\n'),
    });
  }
}
