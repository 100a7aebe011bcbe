import { env } from 'cloudflare:workers';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { mailboxStub } from '../../../server/mailbox/stub.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { makeContact } from '../support/account-factories.ts';
import {
  bearerToken,
  callAs,
  makeBal,
  makeDelegation,
  makePerson,
  sessionCookie,
} from '../support/factories.ts';
import { deliver } from '../support/mail.ts';

const withToken = (path: string, token: string, method = 'GET', body?: unknown) =>
  callAs({ token }, path, method, body);

const call = (path: string, session: string, method = 'GET', body?: unknown) =>
  callAs({ session }, path, method, body);

function message(n: number, to: string): Uint8Array {
  return new TextEncoder().encode(
    [
      'From: Dr Karim Benali <karim.benali@medecin.pli.mssante.fr>',
      `To: ${to}`,
      `Subject: Compte rendu ${n}`,
      `Message-ID: <export-${n}@pli.test>`,
      'Date: Sun, 22 Nov 2026 08:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Bonjour, voici le compte rendu ${n}.`,
      '',
    ].join('\r\n'),
  );
}

/** The names and contents of the entries of a ZIP, read by an outside reader (fflate). */
function unzip(bytes: Uint8Array): Map<string, string> {
  const files = unzipSync(bytes);
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

async function holderWithMail() {
  const holder = await makePerson({ givenName: 'Claire', familyName: 'Export' });
  await makeContact(holder.idNat, { email: 'claire@example.org' });
  const bal = await makeBal(holder.idNat);
  for (const n of [1, 2]) {
    const result = await deliver(
      bal.id,
      message(n, bal.address),
      'karim.benali@medecin.pli.mssante.fr',
      bal.address,
    );
    expect(result.status).toBe('stored');
  }
  return { holder, bal, session: await sessionCookie(holder.idNat) };
}

describe('GET /api/account/export', () => {
  it('gives the account as JSON, without any secret', async () => {
    const { holder, bal, session } = await holderWithMail();
    const response = await call('/api/account/export', session);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      person: { idNat: holder.idNat, givenName: 'Claire', familyName: 'Export' },
      bals: [{ address: bal.address }],
      settings: { email: { address: 'claire@example.org' } },
    });
    expect(JSON.stringify(body)).not.toMatch(/token_hash|password|pli_dev_/);
  });

  it('forbids a device token from exporting the account or a mailbox', async () => {
    const { holder, bal } = await holderWithMail();
    const token = await bearerToken(holder.idNat);
    expect((await withToken('/api/account/export', token)).status).toBe(403);
    const mailbox = await withToken(`/api/account/export/mailbox?bal=${bal.address}`, token);
    expect(mailbox.status).toBe(403);
    expect(mailbox.headers.get('content-type')).toContain('application/json');
  });
});

describe('GET /api/account/export/mailbox', () => {
  it('gives the holder every message as a .eml in a ZIP', async () => {
    const { bal, session } = await holderWithMail();
    const response = await call(`/api/account/export/mailbox?bal=${bal.address}`, session);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/zip');
    const files = unzip(new Uint8Array(await response.arrayBuffer()));
    expect([...files.keys()]).toHaveLength(2);
    expect([...files.keys()].every((name) => name.endsWith('.eml'))).toBe(true);
    const contents = [...files.values()].join('\n');
    expect(contents).toContain('Subject: Compte rendu 1');
    expect(contents).toContain('Subject: Compte rendu 2');
  });

  it('refuses a delegate', async () => {
    const { holder, bal } = await holderWithMail();
    const delegate = await makePerson();
    await makeDelegation(bal.id, delegate.idNat, holder.idNat);
    const response = await call(
      `/api/account/export/mailbox?bal=${bal.address}`,
      await sessionCookie(delegate.idNat),
    );
    expect(response.status).toBe(403);
  });
});

describe('POST /api/account/delete-bal', () => {
  it('refuses without the address typed again', async () => {
    const { bal, session } = await holderWithMail();
    const response = await call('/api/account/delete-bal', session, 'POST', {
      bal: bal.address,
      confirm: 'oui',
    });
    expect(response.status).toBe(400);
  });

  it('erases the messages and their blobs, and tells the holder', async () => {
    const { bal, session } = await holderWithMail();
    expect((await env.BLOBS.list({ prefix: `mail/${bal.id}/` })).objects.length).toBeGreaterThan(0);
    const response = await call('/api/account/delete-bal', session, 'POST', {
      bal: bal.address,
      confirm: bal.address.toUpperCase(),
    });
    expect(response.status).toBe(204);
    expect((await env.BLOBS.list({ prefix: `mail/${bal.id}/` })).objects).toEqual([]);
    expect(await mailboxStub(env, bal.id).exportPage('', 10)).toEqual([]);
    const [mail] = await listOutbox(env.DB, { to: 'claire@example.org', limit: 1 });
    expect(mail?.subject).toBe('Suppression de votre boîte aux lettres sécurisée');
    // The session died with the account.
    expect((await call('/api/settings', session)).status).toBe(401);
  });

  it('refuses a delegate who tries to delete the holder’s BAL', async () => {
    const { holder, bal } = await holderWithMail();
    const delegate = await makePerson();
    await makeDelegation(bal.id, delegate.idNat, holder.idNat);
    const response = await call(
      '/api/account/delete-bal',
      await sessionCookie(delegate.idNat),
      'POST',
      {
        bal: bal.address,
        confirm: bal.address,
      },
    );
    expect(response.status).toBe(403);
    expect((await mailboxStub(env, bal.id).exportPage('', 10)).length).toBe(2);
  });
});
