import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import nodemailer from 'nodemailer';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { jmapResponses, primaryAccount } from './lib/jmap.ts';

const baseUrl = inject('baseUrl');
const gateway = inject('gateway');
const ca = readFileSync(gateway.certPath, 'utf8');

type Person = Awaited<ReturnType<typeof demoDeviceToken>>;

/** nodemailer as a mail client would be set up: STARTTLS required, Pli's dev certificate trusted. */
function transport(user: string, pass: string, port = gateway.smtp) {
  return nodemailer.createTransport({
    host: gateway.host,
    port,
    secure: port === gateway.smtps,
    requireTLS: port !== gateway.smtps,
    tls: { ca },
    auth: { user, pass },
  });
}

const jmap = async (person: Person, calls: unknown[]) => ({
  methodResponses: await jmapResponses(baseUrl, person.token, calls),
});
const accountOf = (person: Person) => primaryAccount(baseUrl, person.token);

/** The messages of a person's BAL with this subject: where each is filed, and its raw bytes. */
async function messagesWithSubject(person: Person, subject: string) {
  const accountId = await accountOf(person);
  const { methodResponses } = await jmap(person, [
    ['Mailbox/get', { accountId, properties: ['id', 'role'] }, 'm'],
    ['Email/query', { accountId, filter: { subject } }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['id', 'blobId', 'mailboxIds', 'keywords'],
      },
      'g',
    ],
  ]);
  const roles = new Map(
    ((methodResponses[0]?.[1].list ?? []) as { id: string; role: string | null }[]).map((m) => [
      m.id,
      m.role,
    ]),
  );
  const list = methodResponses[2]?.[1].list as {
    id: string;
    blobId: string;
    mailboxIds: Record<string, true>;
    keywords: Record<string, true>;
  }[];
  return Promise.all(
    list.map(async (email) => {
      const download = await fetch(
        `${baseUrl}/jmap/download/${accountId}/${email.blobId}/m.eml?accept=message/rfc822`,
        { headers: { Authorization: `Bearer ${person.token}` } },
      );
      return {
        id: email.id,
        roles: Object.keys(email.mailboxIds).map((id) => roles.get(id) ?? null),
        keywords: email.keywords,
        raw: await download.text(),
      };
    }),
  );
}

/**
 * Sends SMTP commands one at a time over implicit TLS; the last line of each reply (the
 * greeting is read first and not returned).
 */
function smtpDialogue(commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: gateway.host, port: gateway.smtps, ca });
    const replies: string[] = [];
    let buffer = '';
    let greeted = false;
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (;;) {
        const match = /^(\d{3}) .*\r\n/m.exec(buffer);
        if (!match) return;
        const line = match[0].trimEnd();
        buffer = buffer.slice(match.index + match[0].length);
        if (greeted) replies.push(line);
        greeted = true;
        const next = commands[replies.length];
        if (next === undefined) {
          socket.end('QUIT\r\n');
          resolve(replies);
          return;
        }
        socket.write(`${next}\r\n`);
      }
    });
  });
}

const uniqueSubject = (label: string) => `${label} ${crypto.randomUUID().slice(0, 8)}`;

describe('the SMTP submission gateway', () => {
  let claire: Person;
  let karim: Person;
  let thomas: Person;

  beforeAll(async () => {
    claire = await demoDeviceToken(baseUrl, '810100010015', 'Thunderbird (test)');
    karim = await demoDeviceToken(baseUrl, '810100010023', 'Apple Mail (test)');
    thomas = await demoDeviceToken(baseUrl, '810100010049', 'Outlook (test)');
  });

  it('logs in with the BAL address and an application password, after STARTTLS and over implicit TLS', async () => {
    await expect(transport(claire.address, claire.token).verify()).resolves.toBe(true);
    await expect(transport(claire.address, claire.token, gateway.smtps).verify()).resolves.toBe(
      true,
    );
  });

  it('delivers a message to a colleague once, with its MSSanté headers, and files it once in Sent', async () => {
    const subject = uniqueSubject('Compte rendu par SMTP');
    const info = await transport(claire.address, claire.token).sendMail({
      from: `"Dr Claire Martin" <${claire.address}>`,
      to: karim.address,
      subject,
      text: 'Cher confrère,\nVoici le compte rendu.\nBien à vous.',
      dsn: { id: 'cr-2026-42', return: 'headers', notify: ['success', 'failure'] },
    });
    expect(info.accepted).toEqual([karim.address]);
    expect(info.response).toMatch(/^250 /);

    const received = await messagesWithSubject(karim, subject);
    expect(received).toHaveLength(1);
    expect(received[0]?.roles).toEqual(['inbox']);
    expect(received[0]?.raw).toMatch(/^X-MSS-NIL: Pli\/1\.0\r?$/m);

    const sent = await messagesWithSubject(claire, subject);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.roles).toEqual(['sent']);
    expect(sent[0]?.keywords).toEqual({ $seen: true });

    // The DSN parameters of MAIL FROM and RCPT TO are kept on the JMAP submission.
    const accountId = await accountOf(claire);
    const { methodResponses } = await jmap(claire, [
      ['EmailSubmission/query', { accountId, filter: { emailIds: [sent[0]?.id] } }, 'q'],
      [
        'EmailSubmission/get',
        { accountId, '#ids': { resultOf: 'q', name: 'EmailSubmission/query', path: '/ids' } },
        'g',
      ],
    ]);
    const submissions = methodResponses[1]?.[1].list as { envelope: unknown }[];
    expect(submissions).toHaveLength(1);
    expect(submissions[0]?.envelope).toEqual({
      mailFrom: { email: claire.address, parameters: { RET: 'HDRS', ENVID: 'cr-2026-42' } },
      rcptTo: [{ email: karim.address, parameters: { NOTIFY: 'SUCCESS,FAILURE' } }],
    });
  });

  it('records the SMTP login in the BAL history with the device it used', async () => {
    await transport(karim.address, karim.token).verify();
    const response = await fetch(`${baseUrl}/api/traces?bal=${karim.address}`, {
      headers: { Cookie: karim.cookie },
    });
    const { items } = (await response.json()) as {
      items: { kind: string; via: string; device: string | null; detail: string | null }[];
    };
    expect(items).toContainEqual(
      expect.objectContaining({
        kind: 'login',
        via: 'token',
        device: 'Apple Mail (test)',
        detail: 'smtp',
      }),
    );
  });

  it('forbids a recipient outside the MSSanté trust space: 550 5.7.1 at RCPT, and nothing is sent', async () => {
    const subject = uniqueSubject('Hors espace de confiance');
    const sending = transport(claire.address, claire.token).sendMail({
      from: claire.address,
      to: 'quelquun@gmail.com',
      subject,
      text: 'Ce message ne doit pas partir.',
    });
    await expect(sending).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.7\.1 .*espace de confiance/),
      command: 'RCPT TO',
    });
    expect(await messagesWithSubject(claire, subject)).toHaveLength(0);
  });

  it("forbids sending as another person's address: MAIL FROM is refused", async () => {
    const subject = uniqueSubject('Usurpation');
    const sending = transport(claire.address, claire.token).sendMail({
      envelope: { from: karim.address, to: [thomas.address] },
      from: karim.address,
      to: thomas.address,
      subject,
      text: 'Ce message ne doit pas partir.',
    });
    await expect(sending).rejects.toMatchObject({
      responseCode: 553,
      response: expect.stringMatching(/^553 5\.7\.1 /),
      command: 'MAIL FROM',
    });
    expect(await messagesWithSubject(thomas, subject)).toHaveLength(0);
  });

  it('forbids a message over 25 MiB: refused at MAIL FROM when SIZE announces it, at the end of DATA otherwise', async () => {
    // A raw dialogue: nodemailer itself would refuse to announce more than the EHLO SIZE.
    const announced = await smtpDialogue([
      'EHLO client.example',
      `AUTH PLAIN ${Buffer.from(`\0${claire.address}\0${claire.token}`).toString('base64')}`,
      `MAIL FROM:<${claire.address}> SIZE=${MAX_MESSAGE_BYTES + 1}`,
    ]);
    expect(announced[1]).toMatch(/^235 /);
    expect(announced[2]).toMatch(/^552 5\.3\.4 /);

    const subject = uniqueSubject('Pièce jointe trop lourde');
    const sending = transport(claire.address, claire.token).sendMail({
      from: claire.address,
      to: karim.address,
      subject,
      text: 'Voir la pièce jointe.',
      attachments: [{ filename: 'imagerie.bin', content: Buffer.alloc(MAX_MESSAGE_BYTES, 7) }],
    });
    await expect(sending).rejects.toMatchObject({ responseCode: 552, command: 'DATA' });
    expect(await messagesWithSubject(karim, subject)).toHaveLength(0);
    expect(await messagesWithSubject(claire, subject)).toHaveLength(0);
  });

  it("sends as a delegated BAL, with the delegate named in Sender and the copy in the holder's Sent", async () => {
    const delegation = await fetch(`${baseUrl}/api/delegations`, {
      method: 'POST',
      headers: {
        Cookie: karim.cookie,
        'X-CSRF-Token': karim.csrf,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ bal: karim.address, idNat: '10100010049' }),
    });
    expect(delegation.status).toBe(201);
    const { id } = (await delegation.json()) as { id: string };
    try {
      const subject = uniqueSubject('Envoi par la délégation');
      await transport(thomas.address, thomas.token).sendMail({
        from: karim.address,
        sender: 'usurpation@example.org',
        to: claire.address,
        subject,
        text: 'Pour le Dr Benali.',
      });
      const received = await messagesWithSubject(claire, subject);
      expect(received).toHaveLength(1);
      expect(received[0]?.raw).toMatch(new RegExp(`^Sender: <${thomas.address}>\\r?$`, 'm'));
      expect(received[0]?.raw).not.toContain('usurpation@example.org');
      const sent = await messagesWithSubject(karim, subject);
      expect(sent.map((m) => m.roles)).toEqual([['sent']]);
      expect(await messagesWithSubject(thomas, subject)).toHaveLength(0);
    } finally {
      await fetch(`${baseUrl}/api/delegations/${id}`, {
        method: 'DELETE',
        headers: { Cookie: karim.cookie, 'X-CSRF-Token': karim.csrf },
      });
    }
  });

  it('forbids a wrong application password, and locks the address after 5 failures even for the right one', async () => {
    await expect(transport(thomas.address, 'pli_dev_wrong').verify()).rejects.toMatchObject({
      responseCode: 535,
    });
    await expect(transport(thomas.address, claire.token).verify()).rejects.toMatchObject({
      responseCode: 535,
    });
    for (let i = 0; i < 3; i += 1) {
      await expect(transport(thomas.address, `wrong-${i}`).verify()).rejects.toMatchObject({
        responseCode: 535,
      });
    }
    await expect(transport(thomas.address, thomas.token).verify()).rejects.toMatchObject({
      responseCode: 454,
      response: expect.stringMatching(/^454 4\.7\.0 /),
    });
  });
});
