import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import type { Cleanup } from '../../../shared/account/cleanup.ts';
import { JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';
import { deliver, jmap, makeAccount, rawMessage, result, roleId, USING } from '../support/mail.ts';

const CLEANUP_USING = [...USING, JMAP_CAPABILITIES.mssante];
const DAY = 24 * 60 * 60 * 1000;

async function stored(accountId: string, raw: Uint8Array) {
  const outcome = await deliver(accountId, raw);
  if (outcome.status !== 'stored') throw new Error(outcome.status);
  return outcome.emailId;
}

async function cleanup(token: string, accountId: string, args: Record<string, unknown> = {}) {
  const body = await jmap(token, [['Cleanup/get', { accountId, ...args }, 'c']], CLEANUP_USING);
  return body.methodResponses[0] as [string, Cleanup & { type?: string }, string];
}

describe('Cleanup/get, the quota clean-up assistant', () => {
  it('lists the largest messages and groups the Corbeille, old mail, lab results, newsletters and the heaviest correspondents', async () => {
    const { token, accountId } = await makeAccount();
    const big = await stored(
      accountId,
      rawMessage({ from: 'imagerie@chu-lyon.mssante.fr', body: 'x'.repeat(200_000) }),
    );
    const lab = await stored(
      accountId,
      rawMessage({
        from: 'labo@bio-lyon.mssante.fr',
        headers: { 'X-MSS-CODECDA': '11502-2^2.16.840.1.113883.6.1' },
      }),
    );
    const letter = await stored(
      accountId,
      rawMessage({
        from: 'lettre@ordre-medecins.mssante.fr',
        headers: { 'List-Unsubscribe': '<mailto:desabonnement@ordre-medecins.mssante.fr>' },
      }),
    );
    const old = await stored(accountId, rawMessage({ subject: 'Ancien courrier' }));
    const binned = await stored(accountId, rawMessage({ subject: 'Déjà jeté' }));
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (_: MailboxDO, state) => {
      state.storage.sql.exec(
        'UPDATE emails SET received_at = ? WHERE id = ?',
        Date.now() - 400 * DAY,
        old,
      );
    });
    const trash = await roleId(token, accountId, 'trash');
    await jmap(token, [
      ['Email/set', { accountId, update: { [binned]: { mailboxIds: { [trash]: true } } } }, 'u'],
    ]);

    const [name, answer] = await cleanup(token, accountId);
    expect(name).toBe('Cleanup/get');
    expect(answer.largest[0]).toMatchObject({ id: big, from: 'imagerie@chu-lyon.mssante.fr' });
    expect(answer.largest.map((m) => m.id)).not.toContain(binned);
    const byKind = (kind: string) => answer.groups.filter((g) => g.kind === kind);
    expect(byKind('trash')[0]).toMatchObject({ count: 1, emailIds: [binned] });
    expect(byKind('older')[0]).toMatchObject({ count: 1, emailIds: [old], months: 12 });
    expect(byKind('labResults')[0]?.emailIds).toEqual([lab]);
    expect(byKind('newsletters')[0]?.emailIds).toEqual([letter]);
    const heaviest = byKind('sender')[0];
    expect(heaviest).toMatchObject({ sender: 'imagerie@chu-lyon.mssante.fr', emailIds: [big] });
    expect(heaviest?.bytes).toBeGreaterThan(200_000);
    expect(answer.usedBytes).toBeGreaterThan(200_000);
  });

  it('forbids the method without Pli’s capability, and an age it does not offer', async () => {
    const { token, accountId } = await makeAccount();
    const without = await jmap(token, [['Cleanup/get', { accountId }, 'c']]);
    expect(result(without, 'error')).toMatchObject({ type: 'unknownMethod' });
    const [name, answer] = await cleanup(token, accountId, { olderThanMonths: 7 });
    expect(name).toBe('error');
    expect(answer.type).toBe('invalidArguments');
  });
});
