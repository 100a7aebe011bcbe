import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/bytes.ts';
import { openBlob, sealBlob } from '../../../server/storage/sealed-blobs.ts';
import { deliver, jmap, makeAccount, rawMessage, result } from '../support/mail.ts';

const SECRET = 'Échographie de contrôle de Mme Dupont, INS 184077512345657';

describe('mail at rest in R2', () => {
  it('forbids plaintext at rest: the stored object holds none of the message, yet JMAP and downloads read it whole', async () => {
    const { token, accountId, bal } = await makeAccount();
    const raw = rawMessage({ subject: 'Compte rendu confidentiel', body: SECRET });
    const stored = await deliver(bal.id, raw);
    const emailId = stored.status === 'stored' ? stored.emailId : '';
    const sha = await sha256Hex(raw);
    const object = await env.BLOBS.get(`mail/${bal.id}/${sha}`);
    const bytes = new Uint8Array(await (object as R2ObjectBody).arrayBuffer());
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text.startsWith('PLI\x01')).toBe(true);
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

  it('refuses an object opened with another BAL’s key, moved to another key, or altered', async () => {
    const bytes = new TextEncoder().encode(SECRET);
    const key = 'mail/BAL-A/abc';
    const sealed = await sealBlob(env.MAIL_KEY, 'BAL-A', key, bytes);
    const sha = await sha256Hex(bytes);
    expect(await openBlob(env.MAIL_KEY, 'BAL-A', key, sha, sealed)).toEqual(bytes);
    await expect(openBlob(env.MAIL_KEY, 'BAL-B', key, sha, sealed)).rejects.toThrow();
    await expect(openBlob(env.MAIL_KEY, 'BAL-A', 'mail/BAL-A/def', sha, sealed)).rejects.toThrow();
    const altered = sealed.slice();
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    await expect(openBlob(env.MAIL_KEY, 'BAL-A', key, sha, altered)).rejects.toThrow();
  });

  it('still reads an object stored before encryption, only when it is the content its key names', async () => {
    const bytes = new TextEncoder().encode(SECRET);
    const sha = await sha256Hex(bytes);
    expect(await openBlob(env.MAIL_KEY, 'BAL-A', `mail/BAL-A/${sha}`, sha, bytes)).toEqual(bytes);
    const swapped = new TextEncoder().encode('Autre contenu glissé à la place');
    await expect(
      openBlob(env.MAIL_KEY, 'BAL-A', `mail/BAL-A/${sha}`, sha, swapped),
    ).rejects.toThrow('does not match');
  });
});
