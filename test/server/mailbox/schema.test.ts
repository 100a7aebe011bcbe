import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { SCHEMA_STEPS } from '../../../server/mailbox/schema.ts';
import { deliver, jmap, makeAccount, rawMessage, result, roleId } from '../support/mail.ts';

/** Back to before the listing index step (folder order by receivedAt). */
function dropListingIndex(sql: SqlStorage) {
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
});
