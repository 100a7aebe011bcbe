import { env, runInDurableObject } from 'cloudflare:test';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { ImapFolderSyncResponseSchema } from '../../../shared/jmap/imap.ts';
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

async function delivered(accountId: string): Promise<string> {
  const r = await deliver(accountId, rawMessage());
  if (r.status !== 'stored') throw new Error(r.status);
  return r.emailId;
}

describe('ImapFolder/sync', () => {
  it('answers unknownMethod when the IMAP capability is not in using', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const body = await jmap(token, [['ImapFolder/sync', { accountId, mailboxId: inbox }, 's']]);
    expect(body.methodResponses[0]).toEqual([
      'error',
      { type: 'unknownMethod', description: 'Capability not in using.' },
      's',
    ]);
  });

  it('lists a folder’s messages in UID order with their modseq and keywords, in the contract’s shape', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const first = await delivered(accountId);
    const second = await delivered(accountId);
    await jmap(token, [
      [
        'Email/set',
        { accountId, update: { [first]: { keywords: { $seen: true, $flagged: true } } } },
        'e',
      ],
    ]);
    const body = await jmap(
      token,
      [['ImapFolder/sync', { accountId, mailboxId: inbox }, 's']],
      IMAP_USING,
    );
    const folder = v.parse(ImapFolderSyncResponseSchema, result(body, 'ImapFolder/sync'));
    expect(folder).toMatchObject({ accountId, mailboxId: inbox, uidNext: 3 });
    expect(folder.vanished).toBeUndefined();
    expect(folder.messages.map(([uid, id, , keywords]) => [uid, id, [...keywords].sort()])).toEqual(
      [
        [1, first, ['$flagged', '$seen']],
        [2, second, []],
      ],
    );
    const [a, b] = folder.messages.map((m) => m[2]);
    // The flagged message changed last: its modseq is the folder's highest.
    expect(a).toBeGreaterThan(b as number);
    expect(folder.highestModSeq).toBe(a);
  });

  it('with sinceModSeq returns only the messages changed after it and the UIDs vanished since', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const trash = await roleId(token, accountId, 'trash');
    const [a, b, c] = [
      await delivered(accountId),
      await delivered(accountId),
      await delivered(accountId),
    ];
    const call = (sinceModSeq?: number) =>
      jmap(
        token,
        [['ImapFolder/sync', { accountId, mailboxId: inbox, sinceModSeq }, 's']],
        IMAP_USING,
      ).then((body) => result(body, 'ImapFolder/sync'));
    const start = await call();
    expect(await call(start.highestModSeq)).toMatchObject({ messages: [], vanished: [] });
    const d = await delivered(accountId);
    await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          update: { [a]: { 'keywords/$seen': true }, [b]: { mailboxIds: { [trash]: true } } },
        },
        'e',
      ],
    ]);
    const changed = await call(start.highestModSeq);
    expect(changed.messages.map((m: Loose) => [m[0], m[1], m[3]])).toEqual([
      [1, a, ['$seen']],
      [4, d, []],
    ]);
    expect(changed.vanished).toEqual([2]);
    expect(changed.messages.every((m: Loose) => m[2] > start.highestModSeq)).toBe(true);
    expect((await call()).messages.map((m: Loose) => m[1])).toEqual([a, c, d]);
  });

  it('answers notFound for an unknown folder and invalidArguments for a bad sinceModSeq', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const body = await jmap(
      token,
      [
        ['ImapFolder/sync', { accountId, mailboxId: 'Fnothere' }, 'a'],
        ['ImapFolder/sync', { accountId, mailboxId: inbox, sinceModSeq: -1 }, 'b'],
        ['ImapFolder/sync', { accountId }, 'c'],
      ],
      IMAP_USING,
    );
    expect(body.methodResponses.map(([name, args]) => [name, args.type])).toEqual([
      ['error', 'notFound'],
      ['error', 'invalidArguments'],
      ['error', 'invalidArguments'],
    ]);
  });

  it('answers a 10,000-message folder in one response', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (_: MailboxDO, state) => {
      // Membership rows alone: the sync reads only them and their keywords.
      const sql = state.storage.sql;
      for (let i = 0; i < 10_000; i++) {
        sql.exec(
          'INSERT INTO email_mailboxes (mailbox_id, email_id) VALUES (?, ?)',
          inbox,
          `M${i}`,
        );
      }
    });
    const body = await jmap(
      token,
      [['ImapFolder/sync', { accountId, mailboxId: inbox }, 's']],
      IMAP_USING,
    );
    const folder = result(body, 'ImapFolder/sync');
    expect(folder.messages).toHaveLength(10_000);
    expect(folder.messages[9999].slice(0, 2)).toEqual([10_000, 'M9999']);
  });
});
