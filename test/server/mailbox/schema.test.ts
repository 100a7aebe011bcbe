import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { SCHEMA_STEPS } from '../../../server/mailbox/schema.ts';
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

/** Back to before the default signature step. */
function dropDefaultIdentity(sql: SqlStorage) {
  sql.exec('ALTER TABLE identities DROP COLUMN is_default');
}

/** Back to before the folder retention step (and every later one). */
function dropRetention(sql: SqlStorage) {
  dropDefaultIdentity(sql);
  sql.exec('ALTER TABLE mailboxes DROP COLUMN retention_months');
  sql.exec('ALTER TABLE mailboxes DROP COLUMN retention_since');
}

/** Back to before the filing rules step (and every later one). */
function dropFilingRules(sql: SqlStorage) {
  dropRetention(sql);
  sql.exec('DROP TABLE filing_rules');
}

/** Back to before the delivery tracking step (and every later one). */
function dropDeliveryTracking(sql: SqlStorage) {
  dropFilingRules(sql);
  sql.exec('DROP TABLE delivery_reports');
  sql.exec('DROP INDEX submissions_message_id');
  sql.exec('ALTER TABLE submissions DROP COLUMN message_id');
}

/** Back to before the VacationResponse step (and every later one). */
function dropVacation(sql: SqlStorage) {
  dropDeliveryTracking(sql);
  sql.exec('DROP TABLE vacation_response');
  sql.exec('DROP TABLE vacation_replied');
}

/** Back to before the IMAP step (UIDs, modseqs, tombstones), with the listing trigger it replaced. */
function dropImap(sql: SqlStorage) {
  dropVacation(sql);
  for (const trigger of [
    'mailboxes_imap_insert',
    'mailboxes_imap_delete',
    'email_mailboxes_imap_delete',
    'email_keywords_imap_insert',
    'email_keywords_imap_delete',
    'email_mailboxes_received_at',
  ]) {
    sql.exec(`DROP TRIGGER ${trigger}`);
  }
  sql.exec(`CREATE TRIGGER email_mailboxes_received_at AFTER INSERT ON email_mailboxes BEGIN
    UPDATE email_mailboxes
       SET received_at = coalesce((SELECT e.received_at FROM emails e WHERE e.id = NEW.email_id), 0)
     WHERE mailbox_id = NEW.mailbox_id AND email_id = NEW.email_id;
  END`);
  sql.exec('DROP INDEX email_mailboxes_uid');
  sql.exec('ALTER TABLE email_mailboxes DROP COLUMN uid');
  sql.exec('ALTER TABLE email_mailboxes DROP COLUMN modseq');
  sql.exec('DROP TABLE imap_folders');
  sql.exec('DROP TABLE imap_vanished');
}

/** Back to before the listing index step (folder order by receivedAt), and every later one. */
function dropListingIndex(sql: SqlStorage) {
  dropImap(sql);
  for (const trigger of [
    'email_mailboxes_received_at',
    'emails_received_at_insert',
    'emails_received_at_update',
  ]) {
    sql.exec(`DROP TRIGGER ${trigger}`);
  }
  sql.exec('DROP INDEX email_mailboxes_received');
  sql.exec('ALTER TABLE email_mailboxes DROP COLUMN received_at');
  sql.exec('DROP INDEX emails_thread');
  sql.exec('CREATE INDEX emails_thread ON emails (thread_id, received_at)');
}

/** Back to before the header index step (and every later one). */
function dropHeaderIndex(sql: SqlStorage) {
  dropListingIndex(sql);
  sql.exec('DROP TABLE email_headers');
  sql.exec('DROP TABLE email_headers_pending');
}

describe('mailbox schema steps', () => {
  it('moves the search text of a mailbox made before the trigram index into it', async () => {
    const { token, accountId } = await makeAccount();
    const stored = await deliver(
      accountId,
      rawMessage({ body: 'Échographie abdominale normale.' }),
    );
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (instance: MailboxDO, state) => {
      const sql = state.storage.sql;
      // Back to the first step's shape: body text in email_text, no index.
      sql.exec('CREATE TABLE email_text (email_id TEXT PRIMARY KEY, body TEXT NOT NULL)');
      sql.exec(
        'INSERT INTO email_text SELECT e.id, s.body FROM emails e JOIN email_search s ON s.rowid = e.rowid',
      );
      sql.exec('DROP TABLE email_search');
      sql.exec('DROP TABLE sent_emails');
      dropHeaderIndex(sql);
      sql.exec(`UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
      // biome-ignore lint/complexity/useLiteralKeys: migrate() is private; the test runs it again.
      instance['migrate']();
      const version = sql
        .exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`)
        .one();
      expect(Number(version.value)).toBe(SCHEMA_STEPS.length);
    });
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { body: 'echographie' } }, 'q'],
    ]);
    expect(result(body, 'Email/query').ids).toEqual([
      stored.status === 'stored' ? stored.emailId : '',
    ]);
  });

  it('claims every Email a mailbox made before send once had already submitted', async () => {
    const { accountId } = await makeAccount();
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (instance: MailboxDO, state) => {
      const sql = state.storage.sql;
      const version = SCHEMA_STEPS.findIndex((step) => step.includes('TABLE sent_emails'));
      sql.exec('DROP TABLE sent_emails');
      dropHeaderIndex(sql);
      sql.exec(
        `INSERT INTO submissions (id, identity_id, email_id, thread_id, envelope, send_at, undo_status, delivery_status)
         VALUES ('S1', 'I1', 'M1', 'T1', '{}', 0, 'final', '{}')`,
      );
      sql.exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, String(version));
      // biome-ignore lint/complexity/useLiteralKeys: migrate() is private; the test runs it again.
      instance['migrate']();
      const claimed = sql
        .exec<{ email_id: string; submission_id: string }>('SELECT * FROM sent_emails')
        .toArray();
      expect(claimed).toEqual([{ email_id: 'M1', submission_id: 'S1' }]);
    });
  });

  it('gives submissions made before delivery tracking their message’s Message-ID, so later reports find them', async () => {
    const { accountId } = await makeAccount();
    const stored = await deliver(accountId, rawMessage({ messageId: 'sent-1@pli.mssante.fr' }));
    const emailId = stored.status === 'stored' ? stored.emailId : '';
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (instance: MailboxDO, state) => {
      const sql = state.storage.sql;
      const version = SCHEMA_STEPS.findIndex((step) => step.includes('TABLE delivery_reports'));
      dropDeliveryTracking(sql);
      sql.exec(
        `INSERT INTO submissions (id, identity_id, email_id, thread_id, envelope, send_at, undo_status, delivery_status)
         VALUES ('S1', 'I1', ?, 'T1', '{}', 0, 'final', '{}')`,
        emailId,
      );
      sql.exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, String(version));
      // biome-ignore lint/complexity/useLiteralKeys: migrate() is private; the test runs it again.
      instance['migrate']();
      const row = sql.exec<{ message_id: string }>('SELECT message_id FROM submissions').one();
      expect(row.message_id).toBe('sent-1@pli.mssante.fr');
      expect(sql.exec('SELECT * FROM filing_rules').toArray()).toEqual([]);
    });
  });

  it('indexes the header fields of mail stored before the header index at the first query filtering on a header', async () => {
    const { token, accountId } = await makeAccount();
    const stored = await deliver(
      accountId,
      rawMessage({ headers: { 'X-Labo-Dossier': 'Dossier 4521 Biologie' } }),
    );
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (instance: MailboxDO, state) => {
      const sql = state.storage.sql;
      dropHeaderIndex(sql);
      const version = SCHEMA_STEPS.findIndex((step) => step.includes('TABLE email_headers'));
      sql.exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, String(version));
      // biome-ignore lint/complexity/useLiteralKeys: migrate() is private; the test runs it again.
      instance['migrate']();
      expect(sql.exec('SELECT * FROM email_headers').toArray()).toEqual([]);
    });
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { header: ['x-labo-dossier', '4521'] } }, 'q'],
    ]);
    expect(result(body, 'Email/query').ids).toEqual([
      stored.status === 'stored' ? stored.emailId : '',
    ]);
  });

  it('gives the folder rows of mail stored before the listing index step their receivedAt, and keeps new ones in step', async () => {
    const { token, accountId } = await makeAccount();
    const before = await deliver(accountId, rawMessage());
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (instance: MailboxDO, state) => {
      const sql = state.storage.sql;
      dropListingIndex(sql);
      const version = SCHEMA_STEPS.findIndex((step) => step.includes('email_mailboxes_received'));
      sql.exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, String(version));
      // biome-ignore lint/complexity/useLiteralKeys: migrate() is private; the test runs it again.
      instance['migrate']();
      const rows = sql
        .exec<{ same: number }>(
          'SELECT m.received_at = e.received_at AS same FROM email_mailboxes m JOIN emails e ON e.id = m.email_id',
        )
        .toArray();
      expect(rows).toEqual([{ same: 1 }]);
    });
    const after = await deliver(accountId, rawMessage());
    const inbox = await roleId(token, accountId, 'inbox');
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { inMailbox: inbox } }, 'q'],
    ]);
    const id = (r: typeof before) => (r.status === 'stored' ? r.emailId : '');
    expect([...result(body, 'Email/query').ids].sort()).toEqual([id(before), id(after)].sort());
    await runInDurableObject(stub, (_: MailboxDO, state) => {
      const stale = state.storage.sql
        .exec(
          'SELECT 1 FROM email_mailboxes m JOIN emails e ON e.id = m.email_id WHERE m.received_at <> e.received_at',
        )
        .toArray();
      expect(stale).toEqual([]);
    });
  });

  it('gives the mail of a mailbox made before the IMAP step UIDs in the order it was received, and new mail the next ones', async () => {
    const { token, accountId } = await makeAccount();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await deliver(accountId, rawMessage());
      if (r.status !== 'stored') throw new Error(r.status);
      ids.push(r.emailId);
    }
    const inbox = await roleId(token, accountId, 'inbox');
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (instance: MailboxDO, state) => {
      const sql = state.storage.sql;
      dropImap(sql);
      // Received in the order 2, 0, 1 (not the order the rows were written).
      const at = [2_000, 3_000, 1_000];
      ids.forEach((id, i) => {
        sql.exec('UPDATE emails SET received_at = ? WHERE id = ?', at[i] as number, id);
      });
      const version = SCHEMA_STEPS.findIndex((step) => step.includes('TABLE imap_folders'));
      sql.exec(`UPDATE meta SET value = ? WHERE key = 'schema_version'`, String(version));
      // biome-ignore lint/complexity/useLiteralKeys: migrate() is private; the test runs it again.
      instance['migrate']();
    });
    const later = await deliver(accountId, rawMessage());
    const body = await jmap(
      token,
      [
        ['ImapFolder/sync', { accountId, mailboxId: inbox }, 's'],
        ['Mailbox/get', { accountId, ids: [inbox], properties: ['uidNext', 'highestModSeq'] }, 'm'],
      ],
      IMAP_USING,
    );
    const folder = result(body, 'ImapFolder/sync');
    expect(folder.messages.map((m: Loose) => [m[0], m[1]])).toEqual([
      [1, ids[2]],
      [2, ids[0]],
      [3, ids[1]],
      [4, later.status === 'stored' ? later.emailId : ''],
    ]);
    expect(folder.messages.slice(0, 3).map((m: Loose) => m[2])).toEqual([1, 1, 1]);
    expect(folder.messages[3][2]).toBeGreaterThan(1);
    expect(result(body, 'Mailbox/get').list[0]).toEqual({
      id: inbox,
      uidNext: 5,
      highestModSeq: folder.messages[3][2],
    });
  });
});
