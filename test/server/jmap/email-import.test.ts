import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  jmap,
  type Loose,
  longSubject,
  makeAccount,
  manyParts,
  nestedMultipart,
  rawMessage,
  result,
  roleId,
} from '../support/mail.ts';

async function upload(
  token: string,
  accountId: string,
  raw: Uint8Array<ArrayBuffer>,
  type = 'message/rfc822',
) {
  const response = await exports.default.fetch(`http://pli.test/jmap/upload/${accountId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
    body: raw,
  });
  return ((await response.json()) as { blobId: string }).blobId;
}

describe('Email/import structure limits', () => {
  it('forbids importing 2,000 nested multiparts, 600 parts or a 1 MiB Subject: invalidEmail, nothing stored', async () => {
    const { token, accountId } = await makeAccount();
    const archive = await roleId(token, accountId, 'archive');
    const blobs = {
      deep: await upload(token, accountId, nestedMultipart(2000)),
      parts: await upload(token, accountId, manyParts(600)),
      subject: await upload(token, accountId, longSubject(1024 * 1024)),
    };
    const emails = Object.fromEntries(
      Object.entries(blobs).map(([cid, blobId]) => [
        cid,
        { blobId, mailboxIds: { [archive]: true } },
      ]),
    );
    const body = await jmap(token, [
      ['Email/import', { accountId, emails }, 'i'],
      ['Email/parse', { accountId, blobIds: Object.values(blobs) }, 'p'],
      ['Email/query', { accountId }, 'q'],
    ]);
    const imported = result(body, 'Email/import');
    expect(imported.created).toBeNull();
    expect(
      Object.fromEntries(
        Object.entries(imported.notCreated as Record<string, Loose>).map(([k, e]) => [
          k,
          [e.type, e.limit],
        ]),
      ),
    ).toEqual({
      deep: ['invalidEmail', 'mime_depth'],
      parts: ['invalidEmail', 'mime_parts'],
      subject: ['invalidEmail', 'header_field'],
    });
    expect(result(body, 'Email/parse').notParsable).toEqual(Object.values(blobs));
    expect(result(body, 'Email/query').ids).toEqual([]);
  });
});

const notAMessage = () =>
  new TextEncoder().encode(`ceci n'est pas un message ${crypto.randomUUID()}`);

describe('Email/import and Email/parse of blobs that are not messages', () => {
  it('forbids importing a missing blob (invalidProperties on blobId) or a blob that is not a message (invalidEmail): nothing stored', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const text = await upload(token, accountId, notAMessage(), 'application/octet-stream');
    const body = await jmap(token, [
      [
        'Email/import',
        {
          accountId,
          emails: {
            missing: { blobId: 'nonexistent-blob-xyz', mailboxIds: { [inbox]: true } },
            text: { blobId: text, mailboxIds: { [inbox]: true } },
          },
        },
        'i',
      ],
      ['Email/query', { accountId }, 'q'],
    ]);
    const imported = result(body, 'Email/import');
    expect(imported.created).toBeNull();
    expect(imported.notCreated.missing).toMatchObject({
      type: 'invalidProperties',
      properties: ['blobId'],
    });
    expect(imported.notCreated.text.type).toBe('invalidEmail');
    expect(result(body, 'Email/query').ids).toEqual([]);
  });

  it('parses a message with null id, threadId, mailboxIds, keywords and receivedAt, and lists a blob that is not a message in notParsable', async () => {
    const { token, accountId } = await makeAccount();
    const message = await upload(token, accountId, rawMessage({ subject: 'Analyse du jour' }));
    const text = await upload(token, accountId, notAMessage(), 'application/octet-stream');
    const body = await jmap(token, [
      [
        'Email/parse',
        {
          accountId,
          blobIds: [message, text, 'nonexistent-blob-xyz'],
          properties: [
            'id',
            'blobId',
            'threadId',
            'mailboxIds',
            'keywords',
            'receivedAt',
            'subject',
          ],
        },
        'p',
      ],
    ]);
    const parsed = result(body, 'Email/parse');
    expect(parsed.parsed[message]).toEqual({
      id: null,
      blobId: message,
      threadId: null,
      mailboxIds: null,
      keywords: null,
      receivedAt: null,
      subject: 'Analyse du jour',
    });
    expect(parsed.notParsable).toEqual([text]);
    expect(parsed.notFound).toEqual(['nonexistent-blob-xyz']);
  });
});
