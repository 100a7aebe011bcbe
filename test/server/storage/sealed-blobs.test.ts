import { runInDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { deleteBal } from '../../../server/account/deletion.ts';
import { sha256Hex } from '../../../server/bytes.ts';
import { demoMessages } from '../../../server/dev/demo-mail/content.ts';
import { demoMailSeedStep } from '../../../server/dev/demo-mail/seed.ts';
import { demoAccountsStep } from '../../../server/dev/seed-demo-accounts.ts';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { legacyObjectName, mailboxKeys, open, seal } from '../../../server/storage/sealed-blobs.ts';
import { deliver, jmap, makeAccount, rawMessage, result } from '../support/mail.ts';

const SECRET = 'Échographie de contrôle de Mme Dupont, INS 184077512345657';
const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/** Every object R2 holds under a prefix, with its bytes. */
async function objects(prefix: string): Promise<{ key: string; bytes: Uint8Array }[]> {
  const out: { key: string; bytes: Uint8Array }[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BLOBS.list({ prefix, cursor });
    for (const object of page.objects) {
      const body = await env.BLOBS.get(object.key);
      if (body) out.push({ key: object.key, bytes: new Uint8Array(await body.arrayBuffer()) });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

describe('mail at rest in R2', () => {
  it('forbids plaintext at rest: the stored object holds none of the message, nor its hash as name, yet JMAP reads it whole', async () => {
    const { token, accountId, bal } = await makeAccount();
    const raw = rawMessage({ subject: 'Compte rendu confidentiel', body: SECRET });
    const stored = await deliver(bal.id, raw);
    const emailId = stored.status === 'stored' ? stored.emailId : '';
    const [object, ...others] = await objects(`mail/${bal.id}/`);
    expect(others).toEqual([]);
    expect(object?.key).not.toContain(await sha256Hex(raw));
    const text = latin1(object?.bytes ?? new Uint8Array());
    expect(text.startsWith('PLI\x02')).toBe(true);
    expect(text).not.toContain('confidentiel');
    expect(text).not.toContain('184077512345657');

    const body = await jmap(token, [
      [
        'Email/get',
        {
          accountId,
          ids: [emailId],
          properties: ['blobId', 'bodyValues', 'textBody'],
          fetchTextBodyValues: true,
        },
        'g',
      ],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(
      Object.values(email.bodyValues as Record<string, { value: string }>)[0]?.value,
    ).toContain(SECRET);
    const download = await exports.default.fetch(
      `http://pli.test/jmap/download/${accountId}/${email.blobId}/piece-jointe?accept=message/rfc822`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(raw);
  });

  it('gives the same message in two mailboxes unrelated names and bytes', async () => {
    const raw = rawMessage({ body: SECRET });
    const a = await makeAccount();
    const b = await makeAccount();
    await deliver(a.bal.id, raw);
    await deliver(b.bal.id, raw);
    const [inA] = await objects(`mail/${a.bal.id}/`);
    const [inB] = await objects(`mail/${b.bal.id}/`);
    expect(inA?.key.split('/')[2]).not.toBe(inB?.key.split('/')[2]);
    expect(inA?.bytes).not.toEqual(inB?.bytes);
  });

  it('leaves none of the demo subjects, body words or attachment names readable in any object after the demo seed', async () => {
    await demoAccountsStep.run(env);
    await demoMailSeedStep.run(env);
    const stored = await objects('');
    expect(stored.length).toBeGreaterThan(500);
    const samples = demoMessages(
      {
        claire: { name: 'Dr Claire Martin', addr: 'claire.martin@medecin.pli.mssante.fr' },
        karim: { name: 'Dr Karim Benali', addr: 'karim.benali@medecin.pli.mssante.fr' },
        elodie: { name: 'Mme Élodie Rousseau', addr: 'elodie.rousseau@infirmier.pli.mssante.fr' },
        thomas: { name: 'M. Thomas Lefèvre', addr: 'thomas.lefevre@pharmacien.pli.mssante.fr' },
      },
      'pli.mssante.fr',
    );
    const needles = [
      'Compte rendu',
      'confraternellement',
      'IHE_XDM',
      ...samples.flatMap((m) => (m.attachments ?? []).map((a) => a.filename)).slice(0, 50),
    ];
    const readable = stored.filter(({ bytes }) => {
      const text = latin1(bytes);
      return needles.some((needle) => text.includes(needle));
    });
    expect(readable.map((o) => o.key)).toEqual([]);
  }, 120_000);

  it('cannot open an erased BAL’s objects with any key that remains (crypto-erasure)', async () => {
    const { bal, person } = await makeAccount();
    await deliver(bal.id, rawMessage({ body: SECRET }));
    const [backup] = await objects(`mail/${bal.id}/`);
    expect(backup).toBeDefined();
    await deleteBal(env, { balId: bal.id, actorIdNat: person.idNat, channel: 'web' });
    expect(await objects(`mail/${bal.id}/`)).toEqual([]);
    // The mailbox's wrapped key went with its storage: opened again, it draws a new key,
    // which does not open the copy kept in a backup.
    const keys = await mailboxKeys(env, bal.id, null);
    await expect(
      open(keys, backup?.key ?? '', backup?.bytes ?? new Uint8Array()),
    ).rejects.toThrow();
  });

  it('seals the plaintext objects of a mailbox made before encryption at rest, and reads them meanwhile', async () => {
    const { token, accountId, bal } = await makeAccount();
    const raw = rawMessage({ body: SECRET });
    const stored = await deliver(bal.id, raw);
    const emailId = stored.status === 'stored' ? stored.emailId : '';
    const sha = await sha256Hex(raw);
    // Back to before: the object in plaintext under its SHA-256, the mailbox not sealed.
    const [sealedObject] = await objects(`mail/${bal.id}/`);
    await env.BLOBS.delete(sealedObject?.key ?? '');
    await env.BLOBS.put(legacyObjectName(bal.id, sha), raw);
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(bal.id));
    await runInDurableObject(stub, (_instance: MailboxDO, state) => {
      state.storage.sql.exec(`DELETE FROM meta WHERE key = 'blobs_sealed'`);
    });
    // The body is read from the raw message in R2 (the preview is not).
    const read = async () => {
      const body = await jmap(token, [
        [
          'Email/get',
          {
            accountId,
            ids: [emailId],
            properties: ['bodyValues', 'textBody'],
            fetchTextBodyValues: true,
          },
          'g',
        ],
      ]);
      const values = result(body, 'Email/get').list[0]?.bodyValues as Record<
        string,
        { value: string }
      >;
      return Object.values(values)[0]?.value ?? '';
    };
    expect(await read()).toContain('Échographie');
    await runInDurableObject(stub, async (instance: MailboxDO) => {
      await instance.alarm();
    });
    const after = await objects(`mail/${bal.id}/`);
    expect(after.map((o) => o.key)).not.toContain(legacyObjectName(bal.id, sha));
    expect(after).toHaveLength(1);
    expect(latin1(after[0]?.bytes ?? new Uint8Array())).not.toContain('Échographie');
    expect(await read()).toContain('Échographie');
  });

  it('refuses an object altered or moved to another name, and a plaintext that is not the content its name says', async () => {
    const keys = await mailboxKeys(env, 'BAL-A', null);
    const bytes = new TextEncoder().encode(SECRET);
    const sealed = await seal(keys, 'mail/BAL-A/x', bytes);
    expect(await open(keys, 'mail/BAL-A/x', sealed)).toEqual(bytes);
    await expect(open(keys, 'mail/BAL-A/y', sealed)).rejects.toThrow();
    const altered = sealed.slice();
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    await expect(open(keys, 'mail/BAL-A/x', altered)).rejects.toThrow();
    expect(legacyObjectName('BAL-A', 'abc')).toBe('mail/BAL-A/abc');
  });

  it('rewraps a mailbox key under a new master key without re-encrypting its objects', async () => {
    const old = env.MAIL_KEY;
    const first = await mailboxKeys(env, 'BAL-R', null);
    const wrapped = first.rewrapped ?? '';
    const sealed = await seal(first, 'mail/BAL-R/x', new TextEncoder().encode(SECRET));
    const rotated = {
      MAIL_KEY: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))),
      MAIL_KEY_PREVIOUS: old,
    };
    const again = await mailboxKeys(rotated, 'BAL-R', wrapped);
    expect(again.rewrapped).not.toBeNull();
    expect(again.rewrapped).not.toBe(wrapped);
    expect(new TextDecoder().decode(await open(again, 'mail/BAL-R/x', sealed))).toBe(SECRET);
    // Once rewrapped, the old master key is no longer needed.
    const after = await mailboxKeys({ MAIL_KEY: rotated.MAIL_KEY }, 'BAL-R', again.rewrapped);
    expect(after.rewrapped).toBeNull();
    expect(new TextDecoder().decode(await open(after, 'mail/BAL-R/x', sealed))).toBe(SECRET);
  });
});
