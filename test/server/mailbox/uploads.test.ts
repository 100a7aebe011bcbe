import { env, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type MailboxDO, UPLOAD_TTL_MS } from '../../../server/mailbox/mailbox-do.ts';
import { Store } from '../../../server/mailbox/store.ts';
import { deliver, jmap, makeAccount, rawMessage, result, USING } from '../support/mail.ts';

async function upload(accountId: string, token: string, bytes: Uint8Array<ArrayBuffer>) {
  const response = await exports.default.fetch(`http://pli.test/jmap/upload/${accountId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' },
    body: bytes,
  });
  return (await response.json()) as { blobId: string; size: number };
}

const quota = (token: string, accountId: string) =>
  jmap(token, [['Quota/get', { accountId }, 'q']], [...USING, 'urn:ietf:params:jmap:quota']);

describe('quota and uploads', () => {
  it('reports stored bytes against the limit with Quota/get and Quota/changes', async () => {
    const { token, accountId } = await makeAccount(undefined, 5000);
    const before = result(await quota(token, accountId), 'Quota/get');
    expect(before.list[0]).toMatchObject({
      used: 0,
      hardLimit: 5000,
      resourceType: 'octets',
      scope: 'account',
    });
    const raw = rawMessage();
    await deliver(accountId, raw);
    const after = await jmap(
      token,
      [
        ['Quota/get', { accountId }, 'q'],
        ['Quota/changes', { accountId, sinceState: before.state }, 'c'],
      ],
      [...USING, 'urn:ietf:params:jmap:quota'],
    );
    expect(result(after, 'Quota/get').list[0].used).toBe(raw.byteLength);
    expect(result(after, 'Quota/changes').updated).toEqual([before.list[0].id]);
  });

  it('stores an upload once however often it is sent, and drops it after an hour unused', async () => {
    const { token, accountId } = await makeAccount();
    const pdf = new Uint8Array(300).fill(7);
    const first = await upload(accountId, token, pdf);
    const second = await upload(accountId, token, pdf);
    expect(second.blobId).toBe(first.blobId);
    const stored = await deliver(accountId, rawMessage());
    expect(stored.status).toBe('stored');
    const used = result(await quota(token, accountId), 'Quota/get').list[0].used;
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    const remaining = await runInDurableObject(stub, (_instance: MailboxDO, state) => {
      const store = new Store(state.storage, env, accountId);
      return store.dropStaleUploads(UPLOAD_TTL_MS, Date.now() + UPLOAD_TTL_MS + 1);
    });
    expect(remaining).toBe(0);
    expect(result(await quota(token, accountId), 'Quota/get').list[0].used).toBe(
      used - pdf.byteLength,
    );
    const email = await jmap(token, [
      [
        'Email/get',
        {
          accountId,
          ids: [stored.status === 'stored' ? stored.emailId : ''],
          properties: ['size'],
        },
        'g',
      ],
    ]);
    expect(result(email, 'Email/get').list).toHaveLength(1);
  });
});
