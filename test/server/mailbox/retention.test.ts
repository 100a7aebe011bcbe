import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { sweepRetention } from '../../../server/mailbox/retention.ts';
import { Store } from '../../../server/mailbox/store.ts';
import { JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';
import { RETENTION_WARNING_MS } from '../../../shared/rules/folder-retention.ts';
import {
  deliver,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  roleId,
  USING,
} from '../support/mail.ts';

const RULES_USING = [...USING, JMAP_CAPABILITIES.filingRules];
const DAY = 24 * 60 * 60 * 1000;

/** A message stored `daysAgo` days ago in the inbox. */
async function storedDaysAgo(accountId: string, daysAgo: number, subject: string) {
  const stored = await deliver(accountId, rawMessage({ subject }));
  if (stored.status !== 'stored') throw new Error(stored.status);
  const at = Date.now() - daysAgo * DAY;
  await runInDurableObject(mailbox(accountId), (_: MailboxDO, state) => {
    state.storage.sql.exec('UPDATE emails SET received_at = ? WHERE id = ?', at, stored.emailId);
    state.storage.sql.exec(
      'UPDATE email_mailboxes SET received_at = ? WHERE email_id = ?',
      at,
      stored.emailId,
    );
  });
  return stored.emailId;
}

const mailbox = (accountId: string) => env.MAILBOX.get(env.MAILBOX.idFromName(accountId));

/** Runs the retention sweep of the mailbox as its alarm would at `now`. */
async function sweepAt(accountId: string, now: number) {
  return runInDurableObject(mailbox(accountId), (_: MailboxDO, state) =>
    sweepRetention(new Store(state.storage, env, accountId), now),
  );
}

async function folderOf(token: string, accountId: string, emailId: string) {
  const body = await jmap(token, [
    ['Email/get', { accountId, ids: [emailId], properties: ['mailboxIds'] }, 'g'],
  ]);
  const found = result(body, 'Email/get').list[0] as
    | { mailboxIds: Record<string, true> }
    | undefined;
  return found ? Object.keys(found.mailboxIds) : null;
}

async function setRetention(token: string, accountId: string, id: string, months: Loose) {
  const body = await jmap(
    token,
    [['Mailbox/set', { accountId, update: { [id]: { retentionMonths: months } } }, 's']],
    RULES_USING,
  );
  return result(body, 'Mailbox/set');
}

async function retentionOf(token: string, accountId: string, id: string) {
  const body = await jmap(
    token,
    [
      [
        'Mailbox/get',
        { accountId, ids: [id], properties: ['retentionMonths', 'retentionWarning'] },
        'g',
      ],
    ],
    RULES_USING,
  );
  return result(body, 'Mailbox/get').list[0] as {
    retentionMonths: number | null;
    retentionWarning: { count: number; from: string } | null;
  };
}

describe('per-folder retention', () => {
  it('announces what goes for a whole week before anything goes, then moves only the mail past its age to the Corbeille', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const trash = await roleId(token, accountId, 'trash');
    const old = await storedDaysAgo(accountId, 70, 'Compte rendu ancien');
    const young = await storedDaysAgo(accountId, 10, 'Compte rendu récent');

    const before = Date.now();
    expect((await setRetention(token, accountId, inbox, 1)).updated).toHaveProperty(inbox);
    const announced = await retentionOf(token, accountId, inbox);
    expect(announced.retentionMonths).toBe(1);
    expect(announced.retentionWarning?.count).toBe(1);
    // The first message may go once the week of warning is over, not before.
    const from = Date.parse(announced.retentionWarning?.from ?? '');
    expect(from).toBeGreaterThanOrEqual(before + RETENTION_WARNING_MS - 1000);

    // Within the warning week nothing goes, however old.
    expect((await sweepAt(accountId, Date.now() + RETENTION_WARNING_MS - DAY)).count).toBe(0);
    expect(await folderOf(token, accountId, old)).toEqual([inbox]);

    const after = Date.now() + RETENTION_WARNING_MS + DAY;
    expect((await sweepAt(accountId, after)).count).toBe(1);
    expect(await folderOf(token, accountId, old)).toEqual([trash]);
    expect(await folderOf(token, accountId, young)).toEqual([inbox]);
  });

  it('deletes for good what is past the Corbeille’s retention, and only takes a message filed twice out of the folder', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const trash = await roleId(token, accountId, 'trash');
    const archive = await roleId(token, accountId, 'archive');
    const binned = await storedDaysAgo(accountId, 100, 'Dans la corbeille');
    const twice = await storedDaysAgo(accountId, 100, 'Classé deux fois');
    await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          update: {
            [binned]: { mailboxIds: { [trash]: true } },
            [twice]: { mailboxIds: { [inbox]: true, [archive]: true } },
          },
        },
        'u',
      ],
    ]);
    await setRetention(token, accountId, trash, 1);
    await setRetention(token, accountId, archive, 3);

    const later = Date.now() + RETENTION_WARNING_MS + DAY;
    expect((await sweepAt(accountId, later)).count).toBe(2);
    expect(await folderOf(token, accountId, binned)).toBeNull();
    expect(await folderOf(token, accountId, twice)).toEqual([inbox]);
  });

  it('wakes the mailbox’s alarm for the end of the warning week, and stops sweeping once no folder has a retention', async () => {
    const { token, accountId } = await makeAccount();
    const archive = await roleId(token, accountId, 'archive');
    const before = Date.now();
    await setRetention(token, accountId, archive, 12);
    const alarm = await runInDurableObject(mailbox(accountId), (_: MailboxDO, state) =>
      state.storage.getAlarm(),
    );
    expect(alarm).toBeGreaterThanOrEqual(before);
    expect(alarm).toBeLessThanOrEqual(Date.now() + RETENTION_WARNING_MS);

    await setRetention(token, accountId, archive, null);
    expect(await retentionOf(token, accountId, archive)).toMatchObject({
      retentionMonths: null,
      retentionWarning: null,
    });
    expect(await runDurableObjectAlarm(mailbox(accountId))).toBe(true);
    const next = await runInDurableObject(mailbox(accountId), (_: MailboxDO, state) =>
      state.storage.getAlarm(),
    );
    expect(next).toBeNull();
  });

  it('forbids a retention outside the periods offered, and the property without the filing rules capability', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    for (const months of [0, 7, -1, '6', 1000]) {
      const refused = await setRetention(token, accountId, inbox, months);
      expect(refused.notUpdated?.[inbox]).toMatchObject({
        type: 'invalidProperties',
        properties: ['retentionMonths'],
      });
    }
    const body = await jmap(token, [
      ['Mailbox/set', { accountId, update: { [inbox]: { retentionMonths: 6 } } }, 's'],
    ]);
    expect(result(body, 'Mailbox/set').notUpdated?.[inbox]).toMatchObject({
      type: 'invalidProperties',
    });
    expect((await retentionOf(token, accountId, inbox)).retentionMonths).toBeNull();
  });
});
