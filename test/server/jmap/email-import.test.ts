import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  jmap,
  type Loose,
  longSubject,
  makeAccount,
  manyParts,
  nestedMultipart,
  result,
  roleId,
} from '../support/mail.ts';

async function upload(token: string, accountId: string, raw: Uint8Array<ArrayBuffer>) {
  const response = await exports.default.fetch(`http://pli.test/jmap/upload/${accountId}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'message/rfc822' },
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
