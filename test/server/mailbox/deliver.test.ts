import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { prepareMessage } from '../../../server/delivery/mailbox-deliver.ts';
import { deliverMessage } from '../../../server/mailbox/deliver.ts';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { Store } from '../../../server/mailbox/store.ts';
import { mailboxStub } from '../../../server/mailbox/stub.ts';
import { DEFAULT_QUOTA_BYTES } from '../../../shared/mssante/limits.ts';
import { countingD1 } from '../support/counting-d1.ts';
import {
  deliver,
  jmap,
  makeAccount,
  nestedMultipart,
  rawMessage,
  result,
  roleId,
} from '../support/mail.ts';

describe('MailboxDO.deliver', () => {
  it('stores a delivery without a D1 query: the quota and the parsed message come with it', async () => {
    const { accountId } = await makeAccount();
    expect((await deliver(accountId, rawMessage())).status).toBe('stored');
    const raw = rawMessage({ subject: 'Compte rendu' });
    const { message } = await prepareMessage(raw);
    const { db, queries } = countingD1(env.DB);
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId)) as DurableObjectStub<MailboxDO>;
    const stored = await runInDurableObject(stub, async (_instance, state) => {
      const store = new Store(state.storage, { ...env, DB: db }, accountId);
      return deliverMessage(store, {
        balId: accountId,
        raw,
        message,
        quotaBytes: DEFAULT_QUOTA_BYTES,
        mailFrom: 'jean.dupont@medecin.mssante.fr',
        rcptTo: 'dest@medecin.pli.mssante.fr',
      });
    });
    expect(stored.status).toBe('stored');
    expect(queries()).toBe(0);
  });

  it('forbids storing a message of 2,000 nested multiparts: refused too_complex', async () => {
    const { accountId, token } = await makeAccount();
    expect(await deliver(accountId, nestedMultipart(2000))).toEqual({
      status: 'refused',
      reason: 'too_complex',
    });
    expect(
      result(await jmap(token, [['Email/query', { accountId }, 'q']]), 'Email/query').ids,
    ).toEqual([]);
  });

  it('stores a message in the inbox and reports its id', async () => {
    const { accountId, token } = await makeAccount();
    const stored = await deliver(accountId, rawMessage({ subject: 'Résultats de biologie' }));
    expect(stored.status).toBe('stored');
    const inbox = await roleId(token, accountId, 'inbox');
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { inMailbox: inbox } }, 'q'],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'mailboxIds'],
        },
        'g',
      ],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(stored.status === 'stored' && email.id).toBe(
      stored.status === 'stored' ? stored.emailId : '',
    );
    expect(email.subject).toBe('Résultats de biologie');
    expect(email.mailboxIds).toEqual({ [inbox]: true });
  });

  it('stores a message delivered twice only once', async () => {
    const { accountId, token } = await makeAccount();
    const raw = rawMessage();
    const first = await deliver(accountId, raw);
    const second = await deliver(accountId, raw);
    expect(first.status).toBe('stored');
    expect(second).toEqual({
      status: 'duplicate',
      emailId: first.status === 'stored' ? first.emailId : '',
    });
    const body = await jmap(token, [['Email/query', { accountId, calculateTotal: true }, 'q']]);
    expect(result(body, 'Email/query').total).toBe(1);
  });

  it('treats a re-delivery with the same Message-ID but other trace headers as a duplicate', async () => {
    const { accountId } = await makeAccount();
    const first = await deliver(accountId, rawMessage({ messageId: 'same@medecin.mssante.fr' }));
    const again = await deliver(
      accountId,
      rawMessage({ messageId: 'same@medecin.mssante.fr', headers: { Received: 'from relay2' } }),
    );
    expect(first.status).toBe('stored');
    expect(again.status).toBe('duplicate');
  });

  it('refuses a message one byte over the quota and accepts one that fills it exactly', async () => {
    const probe = rawMessage({ messageId: 'probe@x.fr', body: 'a'.repeat(100) });
    const { accountId } = await makeAccount(undefined, probe.byteLength * 2);
    expect((await deliver(accountId, probe)).status).toBe('stored');
    const exact = rawMessage({ messageId: 'exact@x.fr', body: 'b'.repeat(100) });
    expect(exact.byteLength).toBe(probe.byteLength);
    expect((await deliver(accountId, exact)).status).toBe('stored');
    expect(await mailboxStub(env, accountId).usedBytes()).toBe(probe.byteLength * 2);
  });

  it('refuses a delivery that would exceed the quota by one byte, writing nothing', async () => {
    const raw = rawMessage({ body: 'c'.repeat(50) });
    const { accountId, token } = await makeAccount(undefined, raw.byteLength - 1);
    expect(await deliver(accountId, raw)).toEqual({ status: 'over_quota' });
    expect(await mailboxStub(env, accountId).usedBytes()).toBe(0);
    const body = await jmap(token, [['Email/query', { accountId, calculateTotal: true }, 'q']]);
    expect(result(body, 'Email/query').total).toBe(0);
  });

  it('refuses a message larger than 25 MiB', async () => {
    const { accountId } = await makeAccount();
    const big = new Uint8Array(25 * 1024 * 1024 + 1).fill(0x61);
    expect(await deliver(accountId, big)).toEqual({ status: 'refused', reason: 'too_large' });
  });

  it('threads a reply with the message it answers', async () => {
    const { accountId, token } = await makeAccount();
    const first = await deliver(accountId, rawMessage({ messageId: 'orig@medecin.mssante.fr' }));
    const reply = await deliver(
      accountId,
      rawMessage({ inReplyTo: 'orig@medecin.mssante.fr', references: '<orig@medecin.mssante.fr>' }),
    );
    const ids = [first, reply].map((r) => (r.status === 'stored' ? r.emailId : ''));
    const body = await jmap(token, [
      ['Email/get', { accountId, ids, properties: ['threadId'] }, 'g'],
    ]);
    const [a, b] = result(body, 'Email/get').list;
    expect(a.threadId).toBe(b.threadId);
    const threads = await jmap(token, [['Thread/get', { accountId, ids: [a.threadId] }, 't']]);
    expect(result(threads, 'Thread/get').list[0].emailIds).toEqual(ids);
  });

  it('threads a reply that lost its References by its marked subject between the same two correspondents', async () => {
    const { accountId, token } = await makeAccount();
    const from = 'Dr Jean Dupont <jean.dupont@medecin.mssante.fr>';
    const to = 'dest@medecin.pli.mssante.fr';
    const first = await deliver(
      accountId,
      rawMessage({ from, to, subject: 'Résultats de biologie' }),
    );
    const reply = await deliver(
      accountId,
      rawMessage({ from: to, to: from, subject: 'RE : Résultats  de biologie' }),
    );
    const unmarked = await deliver(
      accountId,
      rawMessage({ from, to, subject: 'Résultats de biologie' }),
    );
    const stranger = await deliver(
      accountId,
      rawMessage({
        from: 'lea.moreau@infirmier.mssante.fr',
        to,
        subject: 'Re: Résultats de biologie',
      }),
    );
    const ids = [first, reply, unmarked, stranger].map((r) =>
      r.status === 'stored' ? r.emailId : '',
    );
    const body = await jmap(token, [
      ['Email/get', { accountId, ids, properties: ['threadId'] }, 'g'],
    ]);
    const [a, b, c, d] = result(body, 'Email/get').list.map(
      (e: { threadId: string }) => e.threadId,
    );
    expect(b).toBe(a);
    // The same subject without a marker starts a thread of its own; another pair too.
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
    expect(d).not.toBe(c);
  });
});

describe('a mailbox object acts only for its own BAL', () => {
  it('forbids a delivery that names another BAL from being stored in this mailbox', async () => {
    const claire = await makeAccount();
    const karim = await makeAccount();
    const raw = rawMessage({ subject: 'Mauvaise boîte' });
    const refused = await mailboxStub(env, claire.accountId)
      .deliver({
        balId: karim.accountId,
        raw,
        message: (await prepareMessage(raw)).message,
        quotaBytes: DEFAULT_QUOTA_BYTES,
        mailFrom: 'jean.dupont@medecin.mssante.fr',
        rcptTo: karim.bal.address,
      })
      .then(
        () => null,
        (error: Error) => error,
      );
    expect(refused?.message).toBe('mailbox call for another BAL');
    const body = await jmap(claire.token, [
      ['Email/query', { accountId: claire.accountId, calculateTotal: true }, 'q'],
    ]);
    expect(result(body, 'Email/query').total).toBe(0);
  });

  it('stores an upload under the BAL the object is addressed by', async () => {
    const claire = await makeAccount();
    const bytes = new TextEncoder().encode('compte rendu');
    const uploaded = await mailboxStub(env, claire.accountId).upload(bytes, 'text/plain', 10_000);
    expect(uploaded.ok).toBe(true);
    const blobId = uploaded.ok ? uploaded.blobId : '';
    // Under its own BAL's prefix (named by a keyed hash, sealed: see storage/sealed-blobs).
    const listed = await env.BLOBS.list({ prefix: `mail/${claire.accountId}/` });
    expect(listed.objects).toHaveLength(1);
    const read = await mailboxStub(env, claire.accountId).blob(blobId);
    expect(read?.bytes.byteLength).toBe(bytes.byteLength);
  });
});
