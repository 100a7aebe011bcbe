import { env, evictAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { IMAP_VANISHED_KEPT } from '../../../shared/jmap/imap.ts';
import {
  deliver,
  IMAP_USING,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  roleId,
} from '../support/mail.ts';

type Account = Awaited<ReturnType<typeof makeAccount>>;

async function delivered(accountId: string): Promise<string> {
  const r = await deliver(accountId, rawMessage());
  if (r.status !== 'stored') throw new Error(r.status);
  return r.emailId;
}

async function sync({ token, accountId }: Account, mailboxId: string, sinceModSeq?: number) {
  const body = await jmap(
    token,
    [['ImapFolder/sync', { accountId, mailboxId, sinceModSeq }, 's']],
    IMAP_USING,
  );
  return result(body, 'ImapFolder/sync');
}

async function emailSet({ token, accountId }: Account, args: Record<string, Loose>) {
  const body = await jmap(token, [['Email/set', { accountId, ...args }, 'e']], IMAP_USING);
  return result(body, 'Email/set');
}

describe('IMAP state of the mailbox', () => {
  it('gives each new message the next UID of its folder and never reuses one after a destroy', async () => {
    const account = await makeAccount();
    const inbox = await roleId(account.token, account.accountId, 'inbox');
    const [a, b, c] = [
      await delivered(account.accountId),
      await delivered(account.accountId),
      await delivered(account.accountId),
    ];
    await emailSet(account, { destroy: [c] });
    const d = await delivered(account.accountId);
    const folder = await sync(account, inbox);
    expect(folder.messages.map((m: Loose) => [m[0], m[1]])).toEqual([
      [1, a],
      [2, b],
      [4, d],
    ]);
    expect(folder.uidNext).toBe(5);
  });

  it('gives a message moved to another folder that folder’s next UID and leaves its old UID vanished from the first', async () => {
    const account = await makeAccount();
    const inbox = await roleId(account.token, account.accountId, 'inbox');
    const archive = await roleId(account.token, account.accountId, 'archive');
    const id = await delivered(account.accountId);
    const before = await sync(account, inbox);
    const archived = await sync(account, archive);
    await emailSet(account, { update: { [id]: { mailboxIds: { [archive]: true } } } });
    const after = await sync(account, inbox, before.highestModSeq);
    expect(after.messages).toEqual([]);
    expect(after.vanished).toEqual([1]);
    expect(after.highestModSeq).toBeGreaterThan(before.highestModSeq);
    const there = await sync(account, archive);
    expect(there.messages.map((m: Loose) => [m[0], m[1]])).toEqual([[archived.uidNext, id]]);
    // Back in the inbox: a new UID there, not its old one.
    await emailSet(account, { update: { [id]: { mailboxIds: { [inbox]: true } } } });
    expect((await sync(account, inbox)).messages.map((m: Loose) => m[0])).toEqual([2]);
  });

  it('raises the modseq of a message and the highestModSeq of each of its folders on a flag change', async () => {
    const account = await makeAccount();
    const inbox = await roleId(account.token, account.accountId, 'inbox');
    const archive = await roleId(account.token, account.accountId, 'archive');
    const id = await delivered(account.accountId);
    await emailSet(account, { update: { [id]: { [`mailboxIds/${archive}`]: true } } });
    const [inboxBefore, archiveBefore] = [await sync(account, inbox), await sync(account, archive)];
    await emailSet(account, { update: { [id]: { 'keywords/$flagged': true } } });
    const [inboxAfter, archiveAfter] = [await sync(account, inbox), await sync(account, archive)];
    const modSeq = inboxAfter.messages[0][2];
    expect(modSeq).toBeGreaterThan(inboxBefore.highestModSeq);
    expect(modSeq).toBeGreaterThan(archiveBefore.highestModSeq);
    expect(archiveAfter.messages[0]).toEqual([
      archiveBefore.messages[0][0],
      id,
      modSeq,
      ['$flagged'],
    ]);
    expect(inboxAfter.highestModSeq).toBe(modSeq);
    expect(archiveAfter.highestModSeq).toBe(modSeq);
  });

  it('keeps UIDs, UIDVALIDITY and modseqs when the object restarts', async () => {
    const account = await makeAccount();
    const inbox = await roleId(account.token, account.accountId, 'inbox');
    await delivered(account.accountId);
    await delivered(account.accountId);
    const before = await sync(account, inbox);
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(account.accountId));
    const instances = new WeakSet<MailboxDO>();
    await runInDurableObject(stub, (instance: MailboxDO) => {
      instances.add(instance);
    });
    await evictAllDurableObjects();
    expect(await sync(account, inbox)).toEqual(before);
    // A new instance read the stored state (not the one running before).
    await runInDurableObject(stub, (instance: MailboxDO) => {
      expect(instances.has(instance)).toBe(false);
    });
    await delivered(account.accountId);
    const after = await sync(account, inbox);
    expect(after.uidValidity).toBe(before.uidValidity);
    expect(after.messages.map((m: Loose) => m[0])).toEqual([1, 2, 3]);
  });

  it('gives a folder made again under a destroyed one’s name a higher UIDVALIDITY', async () => {
    const account = await makeAccount();
    const make = async () => {
      const body = await jmap(account.token, [
        ['Mailbox/set', { accountId: account.accountId, create: { f: { name: 'Biologie' } } }, 'm'],
      ]);
      return result(body, 'Mailbox/set').created.f.id as string;
    };
    const first = await make();
    const old = await sync(account, first);
    await jmap(account.token, [
      ['Mailbox/set', { accountId: account.accountId, destroy: [first] }, 'd'],
    ]);
    const again = await sync(account, await make());
    expect(again.uidValidity).toBeGreaterThan(old.uidValidity);
    expect(again.uidNext).toBe(1);
  });

  it(`forgets all but the newest ${IMAP_VANISHED_KEPT} removals of a folder, and answers cannotCalculateChanges for an older sinceModSeq`, async () => {
    const account = await makeAccount();
    const inbox = await roleId(account.token, account.accountId, 'inbox');
    const start = await sync(account, inbox);
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(account.accountId));
    const removals = IMAP_VANISHED_KEPT + 200;
    await runInDurableObject(stub, (_: MailboxDO, state) => {
      // Membership rows come and go, whatever writes them: the triggers keep the counts.
      const sql = state.storage.sql;
      for (let i = 0; i < removals; i++) {
        sql.exec(
          'INSERT INTO email_mailboxes (mailbox_id, email_id) VALUES (?, ?)',
          inbox,
          `X${i}`,
        );
        sql.exec(
          'DELETE FROM email_mailboxes WHERE mailbox_id = ? AND email_id = ?',
          inbox,
          `X${i}`,
        );
      }
      const kept = sql
        .exec<{ n: number }>('SELECT count(*) AS n FROM imap_vanished WHERE mailbox_id = ?', inbox)
        .one().n;
      expect(kept).toBeGreaterThanOrEqual(IMAP_VANISHED_KEPT);
      expect(kept).toBeLessThanOrEqual(IMAP_VANISHED_KEPT + 64);
    });
    const body = await jmap(
      account.token,
      [
        [
          'ImapFolder/sync',
          { accountId: account.accountId, mailboxId: inbox, sinceModSeq: start.highestModSeq },
          's',
        ],
      ],
      IMAP_USING,
    );
    expect(body.methodResponses[0]?.[1].type).toBe('cannotCalculateChanges');
    const now = await sync(account, inbox);
    const recent = await sync(account, inbox, now.highestModSeq - 20);
    // The last ten removals (an insert and a delete each) and their UIDs.
    expect(recent.vanished).toEqual(Array.from({ length: 10 }, (_, i) => removals - 9 + i));
    expect(now.uidNext).toBe(removals + 1);
  });
});
