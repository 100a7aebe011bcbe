import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { jmap, type Loose, makeAccount, result, USING } from '../support/mail.ts';

const post = (token: string, body: BodyInit, type?: string) =>
  exports.default.fetch('http://pli.test/jmap/api', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(type ? { 'Content-Type': type } : {}) },
    body,
  });

/** A Mailbox/set creating a folder whose name ends with raw bytes. */
function createFolder(accountId: string, tail: number[]): Uint8Array<ArrayBuffer> {
  const encode = (s: string) => new TextEncoder().encode(s);
  const head = JSON.stringify({
    using: USING,
    methodCalls: [['Mailbox/set', { accountId, create: { f: { name: 'Dossier ' } } }, 'm']],
  });
  const [before, after] = head.split('Dossier ');
  return new Uint8Array([...encode(`${before}Dossier `), ...tail, ...encode(after as string)]);
}

async function folderNames(token: string, accountId: string): Promise<string[]> {
  const body = await jmap(token, [['Mailbox/get', { accountId }, 'g']]);
  return result(body, 'Mailbox/get').list.map((m: Loose) => m.name);
}

describe('POST /jmap/api', () => {
  it('forbids a request holding invalid UTF-8: notJSON, nothing stored with U+FFFD', async () => {
    const { token, accountId } = await makeAccount();
    const response = await post(token, createFolder(accountId, [0xc3, 0x28]), 'application/json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as Loose).type).toBe('urn:ietf:params:jmap:error:notJSON');
    expect((await folderNames(token, accountId)).some((n) => n.includes('\uFFFD'))).toBe(false);
  });

  it('forbids a JSON request sent as text/plain or without a type: notJSON', async () => {
    const { token, accountId } = await makeAccount();
    const body = JSON.stringify({
      using: USING,
      methodCalls: [['Mailbox/set', { accountId, create: { f: { name: 'Brut' } } }, 'm']],
    });
    for (const type of ['text/plain', undefined]) {
      const response = await post(token, body, type);
      expect(response.status, String(type)).toBe(400);
      expect(((await response.json()) as Loose).type).toBe('urn:ietf:params:jmap:error:notJSON');
    }
    expect(await folderNames(token, accountId)).not.toContain('Brut');
  });

  it('accepts UTF-8 JSON sent as application/json; charset=utf-8', async () => {
    const { token, accountId } = await makeAccount();
    const bytes = createFolder(accountId, [...new TextEncoder().encode('Ordonnances été')]);
    const response = await post(token, bytes, 'application/json; charset=utf-8');
    expect(response.status).toBe(200);
    expect(await folderNames(token, accountId)).toContain('Dossier Ordonnances été');
  });
});
