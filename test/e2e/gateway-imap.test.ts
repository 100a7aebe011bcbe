import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { type GatewayInfo, startGateway } from '../../scripts/lib/gateway.ts';
import { freePort, stopGroup } from '../../scripts/lib/processes.ts';
import { jmapResponses, primaryAccount } from './lib/jmap.ts';

const baseUrl = inject('baseUrl');
const gateway = inject('gateway');
const ca = readFileSync(gateway.certPath, 'utf8');

type Person = Awaited<ReturnType<typeof demoDeviceToken>>;
type Args = Record<string, unknown>;

const open: ImapFlow[] = [];

/** imapflow as a mail client would be set up: STARTTLS required, Pli's dev certificate trusted. */
async function imap(
  person: Person,
  options: { implicitTls?: boolean; at?: GatewayInfo } = {},
): Promise<ImapFlow> {
  const at = options.at ?? gateway;
  const client = new ImapFlow({
    host: at.host,
    port: options.implicitTls ? at.imaps : at.imap,
    secure: options.implicitTls === true,
    doSTARTTLS: options.implicitTls ? undefined : true,
    tls: { ca },
    auth: { user: person.address, pass: person.token },
    logger: false,
    disableAutoIdle: true,
  });
  open.push(client);
  await client.connect();
  return client;
}

afterEach(async () => {
  for (const client of open.splice(0)) await client.logout().catch(() => client.close());
});

const IMAP_USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:pli:params:jmap:imap',
];
const jmap = async (person: Person, calls: unknown[]) =>
  (await jmapResponses(baseUrl, person.token, calls, IMAP_USING)).map((r) => r[1] as Args);
const accountOf = (person: Person) => primaryAccount(baseUrl, person.token);

async function mailboxes(person: Person) {
  const accountId = await accountOf(person);
  const [got] = await jmap(person, [['Mailbox/get', { accountId }, 'm']]);
  return (got?.list ?? []) as {
    id: string;
    role: string | null;
    name: string;
    totalEmails: number;
  }[];
}

/** The JMAP view of the emails of a folder matching a filter: id, UID there, keywords, folders. */
async function jmapEmails(person: Person, role: string, filter: Args = {}) {
  const accountId = await accountOf(person);
  const folder = (await mailboxes(person)).find((m) => m.role === role);
  const [, got] = await jmap(person, [
    ['Email/query', { accountId, filter: { inMailbox: folder?.id, ...filter } }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['id', 'blobId', 'subject', 'keywords', 'mailboxIds', 'imapUids'],
      },
      'g',
    ],
  ]);
  return ((got?.list ?? []) as Args[]).map((e) => ({
    id: e.id as string,
    blobId: e.blobId as string,
    subject: e.subject as string,
    keywords: e.keywords as Record<string, true>,
    mailboxIds: e.mailboxIds as Record<string, true>,
    uid: (e.imapUids as Record<string, number>)[folder?.id ?? ''],
  }));
}

async function download(person: Person, blobId: string): Promise<Buffer> {
  const accountId = await accountOf(person);
  const response = await fetch(
    `${baseUrl}/jmap/download/${accountId}/${blobId}/m.eml?accept=message/rfc822`,
    {
      headers: { Authorization: `Bearer ${person.token}` },
    },
  );
  return Buffer.from(await response.arrayBuffer());
}

function smtp(person: Person) {
  return nodemailer.createTransport({
    host: gateway.host,
    port: gateway.smtps,
    secure: true,
    tls: { ca },
    auth: { user: person.address, pass: person.token },
  });
}

/**
 * A raw dialogue over implicit TLS, logged in first: writes `input`, then collects what the
 * server answers until `until` matches or the connection closes.
 */
function raw(
  person: Person,
  input: Buffer | string,
  until: RegExp,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: gateway.host, port: gateway.imaps, ca });
    let text = '';
    let stage = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 10_000);
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (stage === 0 && /^\* OK/m.test(text)) {
        stage = 1;
        socket.write(`l1 LOGIN "${person.address}" "${person.token}"\r\n`);
      } else if (stage === 1 && /^l1 OK/m.test(text)) {
        stage = 2;
        text = '';
        socket.write(input);
      } else if (stage === 2 && until.test(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ text, closed: false });
      }
    });
  });
}

/** curl as a second, independent IMAP client (STARTTLS required, the dev certificate trusted). */
async function curl(person: Person, path: string, extra: string[] = []): Promise<Buffer> {
  const { stdout } = await promisify(execFile)(
    'curl',
    [
      '--silent',
      '--show-error',
      '--ssl-reqd',
      '--cacert',
      gateway.certPath,
      '--user',
      `${person.address}:${person.token}`,
      ...extra,
      `imap://${gateway.host}:${gateway.imap}/${path}`,
    ],
    { encoding: 'buffer', maxBuffer: 10 * 1024 * 1024 },
  );
  return stdout;
}

const unique = (label: string) => `${label} ${crypto.randomUUID().slice(0, 8)}`;

describe('the IMAP gateway', () => {
  let claire: Person;
  let karim: Person;

  beforeAll(async () => {
    claire = await demoDeviceToken(baseUrl, '810100010015', 'Thunderbird IMAP (test)');
    karim = await demoDeviceToken(baseUrl, '810100010023', 'Apple Mail IMAP (test)');
  });

  it('logs in with the BAL address and an application password, after STARTTLS and over implicit TLS', async () => {
    const starttls = await imap(claire);
    expect(starttls.authenticated).toBeTruthy();
    expect(starttls.secureConnection).toBe(true);
    const implicit = await imap(claire, { implicitTls: true });
    expect(implicit.authenticated).toBeTruthy();
    expect(implicit.secureConnection).toBe(true);
    await expect(imap({ ...claire, token: 'pli_dev_wrong' })).rejects.toMatchObject({
      authenticationFailed: true,
    });
  });

  it('lists the folders with their special uses', async () => {
    const client = await imap(claire);
    const folders = await client.list();
    const byUse = Object.fromEntries(folders.map((f) => [f.specialUse ?? '', f.path]));
    expect(byUse['\\Inbox']).toBe('INBOX');
    expect(byUse['\\Sent']).toBe('Envoyés');
    expect(byUse['\\Drafts']).toBe('Brouillons');
    expect(byUse['\\Trash']).toBe('Corbeille');
    expect(byUse['\\Archive']).toBe('Archives');
    expect(byUse['\\Junk']).toBe('Indésirables');
    const status = await client.status('INBOX', { messages: true, uidNext: true, unseen: true });
    const inbox = (await mailboxes(claire)).find((m) => m.role === 'inbox');
    expect(status ? status.messages : null).toBe(inbox?.totalEmails);
  });

  it('fetches the headers of the whole inbox, as JMAP lists it', async () => {
    const client = await imap(claire);
    const mailbox = await client.mailboxOpen('INBOX');
    const expected = await jmapEmails(claire, 'inbox');
    expect(mailbox.exists).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    const fetched = [];
    for await (const message of client.fetch('1:*', {
      uid: true,
      flags: true,
      envelope: true,
      internalDate: true,
      size: true,
    })) {
      fetched.push(message);
    }
    expect(fetched).toHaveLength(expected.length);
    const byUid = new Map(expected.map((e) => [e.uid, e]));
    for (const message of fetched) {
      const email = byUid.get(message.uid);
      expect(email, `uid ${message.uid}`).toBeDefined();
      expect(message.envelope?.subject ?? '').toBe(email?.subject ?? '');
      expect(message.flags?.has('\\Seen')).toBe(email?.keywords.$seen === true);
      expect(message.size).toBeGreaterThan(0);
    }
  });

  it('serves a message with a PDF byte for byte as stored, and its parts by section', async () => {
    const subject = unique('Résultats biologie');
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(30_000, 0xe9),
      Buffer.from('\n%%EOF\n'),
    ]);
    await smtp(karim).sendMail({
      from: karim.address,
      to: claire.address,
      subject,
      text: 'Veuillez trouver les résultats ci-joints.',
      attachments: [{ filename: 'resultats.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    const [email] = await jmapEmails(claire, 'inbox', { subject });
    expect(email?.uid).toBeTypeOf('number');
    const stored = await download(claire, email?.blobId ?? '');

    const client = await imap(claire);
    await client.mailboxOpen('INBOX');
    const message = await client.fetchOne(
      String(email?.uid),
      { source: true, bodyStructure: true },
      { uid: true },
    );
    expect(message && Buffer.compare(message.source as Buffer, stored)).toBe(0);
    const parts = message ? (message.bodyStructure?.childNodes ?? []) : [];
    const attachment = parts.find((p) => p.type === 'application/pdf');
    expect(attachment?.dispositionParameters?.filename).toBe('resultats.pdf');
    const { content } = await client.download(String(email?.uid), attachment?.part, { uid: true });
    const chunks: Buffer[] = [];
    for await (const chunk of content ?? []) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);
  });

  it('finds by a word of a body the same messages as JMAP’s text search', async () => {
    const word = `glycemie${crypto.randomUUID().slice(0, 6)}`;
    for (const n of [1, 2]) {
      await smtp(karim).sendMail({
        from: karim.address,
        to: claire.address,
        subject: unique(`Suivi ${n}`),
        text: `Bonjour, la ${word} est normale.`,
      });
    }
    const expected = (await jmapEmails(claire, 'inbox', { body: word })).map((e) => e.uid).sort();
    expect(expected).toHaveLength(2);
    const client = await imap(claire);
    await client.mailboxOpen('INBOX');
    const found = await client.search({ body: word }, { uid: true });
    expect(found && [...found].sort()).toEqual(expected);
    const unseen = await client.search({ body: word, seen: false }, { uid: true });
    expect(unseen && [...unseen].sort()).toEqual(expected);
  });

  it('flags, moves and expunges, and the webmail’s JMAP view sees each change', async () => {
    const subject = unique('À classer');
    await smtp(karim).sendMail({
      from: karim.address,
      to: claire.address,
      subject,
      text: 'À classer.',
    });
    const [email] = await jmapEmails(claire, 'inbox', { subject });
    const client = await imap(claire);
    await client.mailboxOpen('INBOX');

    await client.messageFlagsAdd(String(email?.uid), ['\\Flagged', '\\Seen'], { uid: true });
    const [flagged] = await jmapEmails(claire, 'inbox', { subject });
    expect(flagged?.keywords).toMatchObject({ $flagged: true, $seen: true });

    const moved = await client.messageMove(String(email?.uid), 'Archives', { uid: true });
    if (!moved) throw new Error('MOVE failed');
    expect(moved.uidMap?.size).toBe(1);
    expect(await jmapEmails(claire, 'inbox', { subject })).toHaveLength(0);
    const [archived] = await jmapEmails(claire, 'archive', { subject });
    expect(archived?.id).toBe(email?.id);
    expect(archived?.uid).toBe(moved.uidMap?.get(email?.uid ?? 0));

    await client.mailboxOpen('Archives');
    await client.messageDelete(String(archived?.uid), { uid: true });
    expect(await jmapEmails(claire, 'archive', { subject })).toHaveLength(0);
  });

  it('IDLE sees a new delivery within 2 s', async () => {
    const client = await imap(claire);
    const { exists } = await client.mailboxOpen('INBOX');
    const seen = new Promise<number>((resolve) => {
      client.on('exists', (data: { count: number }) => {
        if (data.count > exists) resolve(Date.now());
      });
    });
    const idling = client.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await smtp(karim).sendMail({
      from: karim.address,
      to: claire.address,
      subject: unique('Urgent'),
      text: 'Rappel.',
    });
    const delivered = Date.now();
    const at = await Promise.race([
      seen,
      new Promise<number>((r) => setTimeout(() => r(-1), 5000)),
    ]);
    expect(at).not.toBe(-1);
    expect(at - delivered).toBeLessThan(2000);
    void idling;
  });

  it('keeps the same UIDs for the same messages after a reconnect', async () => {
    const list = async () => {
      const client = await imap(claire);
      const { uidValidity } = await client.mailboxOpen('INBOX');
      const out: string[] = [];
      for await (const m of client.fetch('1:*', { uid: true, envelope: true })) {
        out.push(`${m.uid} ${m.envelope?.messageId}`);
      }
      await client.logout();
      return { uidValidity, out };
    };
    const first = await list();
    const second = await list();
    expect(second.uidValidity).toBe(first.uidValidity);
    expect(second.out).toEqual(first.out);
    expect(first.out.length).toBeGreaterThan(0);
  });

  it('keeps the same UIDs for the same messages after a gateway restart', async () => {
    // A gateway of its own, stopped and started again on the same ports (the stack's one
    // serves the other tests meanwhile).
    const ports = {
      smtp: await freePort(),
      smtps: await freePort(),
      imap: await freePort(),
      imaps: await freePort(),
    };
    const start = () =>
      startGateway({ workerUrl: baseUrl, ports, tlsDir: dirname(gateway.certPath), quiet: true });
    const list = async (at: GatewayInfo) => {
      const client = await imap(claire, { at });
      const { uidValidity } = await client.mailboxOpen('INBOX');
      const out: string[] = [];
      for await (const m of client.fetch('1:*', { uid: true, envelope: true })) {
        out.push(`${m.uid} ${m.envelope?.messageId}`);
      }
      await client.logout();
      return { uidValidity, out };
    };
    const first = await start();
    const before = await list(first.info);
    await stopGroup(first.child);
    const second = await start();
    try {
      const after = await list(second.info);
      expect(after.uidValidity).toBe(before.uidValidity);
      expect(after.out).toEqual(before.out);
      expect(before.out.length).toBeGreaterThan(0);
      // The same as the stack's gateway answers: the UIDs are the mailbox's, not a process's.
      expect((await list(gateway)).out).toEqual(before.out);
    } finally {
      await stopGroup(second.child);
    }
  }, 90_000);

  it('creates, renames and deletes folders, and JMAP sees each change', async () => {
    const client = await imap(claire);
    const name = unique('Résultats');
    await client.mailboxCreate(`INBOX/${name}`);
    const inbox = (await mailboxes(claire)).find((m) => m.role === 'inbox');
    const created = (await mailboxes(claire)).find((m) => m.name === name);
    expect(created).toMatchObject({ parentId: inbox?.id });
    const listed = await client.list();
    expect(listed.map((f) => f.path)).toContain(`INBOX/${name}`);

    await client.mailboxRename(`INBOX/${name}`, `${name} lus`);
    const renamed = (await mailboxes(claire)).find((m) => m.id === created?.id);
    expect(renamed).toMatchObject({ name: `${name} lus`, parentId: null });

    await client.mailboxDelete(`${name} lus`);
    expect((await mailboxes(claire)).some((m) => m.id === created?.id)).toBe(false);
    await expect(client.mailboxDelete('Envoyés')).rejects.toBeTruthy();
  });

  it('appends a message with its flags, stored byte for byte, and answers its UID', async () => {
    const subject = unique('Brouillon importé');
    const message = Buffer.from(
      `From: <${claire.address}>\r\nTo: <${karim.address}>\r\nSubject: ${subject}\r\nDate: Thu, 03 Dec 2026 09:00:00 +0000\r\nMessage-ID: <${crypto.randomUUID()}@test>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nÀ relire avant envoi.\r\n`,
    );
    const client = await imap(claire);
    const appended = await client.append('Brouillons', message, ['\\Draft', '\\Seen']);
    const [email] = await jmapEmails(claire, 'drafts', { subject });
    expect(email?.keywords).toEqual({ $draft: true, $seen: true });
    expect(appended ? appended.uid : undefined).toBe(email?.uid);
    expect((await download(claire, email?.blobId ?? '')).equals(message)).toBe(true);
  });

  it('copies a message: JMAP has it in both folders, with a new UID in the copy', async () => {
    const subject = unique('À garder');
    await smtp(karim).sendMail({
      from: karim.address,
      to: claire.address,
      subject,
      text: 'Copie.',
    });
    const [email] = await jmapEmails(claire, 'inbox', { subject });
    const client = await imap(claire);
    await client.mailboxOpen('INBOX');
    const copied = await client.messageCopy(String(email?.uid), 'Archives', { uid: true });
    const [archived] = await jmapEmails(claire, 'archive', { subject });
    expect(archived?.id).toBe(email?.id);
    expect(Object.keys(archived?.mailboxIds ?? {})).toHaveLength(2);
    expect(copied ? copied.uidMap?.get(email?.uid ?? 0) : null).toBe(archived?.uid);
  });

  it('is read by a second, independent client (curl): folders, a search and a message byte for byte', async () => {
    const subject = unique('Pour curl');
    await smtp(karim).sendMail({
      from: karim.address,
      to: claire.address,
      subject,
      text: 'Lu par curl.',
    });
    const [email] = await jmapEmails(claire, 'inbox', { subject });
    const list = (await curl(claire, '')).toString();
    expect(list).toMatch(/\\Sent\) "\/" "?Envoy&AOk-s"?/);
    const search = (
      await curl(claire, 'INBOX', ['--request', `UID SEARCH SUBJECT "${subject}"`])
    ).toString();
    expect(search.trim()).toBe(`* SEARCH ${email?.uid}`);
    const fetched = await curl(claire, `INBOX/;UID=${email?.uid}`);
    expect(fetched.equals(await download(claire, email?.blobId ?? ''))).toBe(true);
  });

  it('logs in with AUTHENTICATE PLAIN and an initial response', async () => {
    const response = Buffer.from(`\0${claire.address}\0${claire.token}`).toString('base64');
    const socket = connect({ host: gateway.host, port: gateway.imaps, ca });
    const answer = await new Promise<string>((resolve) => {
      let got = '';
      let sent = false;
      socket.on('data', (chunk) => {
        got += chunk.toString();
        if (!sent && /^\* OK/m.test(got)) {
          sent = true;
          socket.write(`a1 AUTHENTICATE PLAIN ${response}\r\n`);
        }
        if (/^a1 /m.test(got)) resolve(got);
      });
    });
    socket.destroy();
    expect(answer).toMatch(/^a1 OK \[CAPABILITY /m);
  });

  it('loses nothing when a client disconnects in the middle of an APPEND', async () => {
    const before = (await mailboxes(claire)).find((m) => m.role === 'inbox')?.totalEmails;
    await raw(claire, `a1 APPEND INBOX {5000}\r\n${'x'.repeat(100)}`, /^\+ /m);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await mailboxes(claire)).find((m) => m.role === 'inbox')?.totalEmails;
    expect(after).toBe(before);
    const client = await imap(claire);
    const { exists } = await client.mailboxOpen('INBOX');
    expect(exists).toBe(before);
  });

  it("shows a delegate the holder's BAL in the shared namespace, and no one else's", async () => {
    const thomas = await demoDeviceToken(baseUrl, '810100010049', 'Outlook IMAP (test)');
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
      const subject = unique('Pour le remplaçant');
      await smtp(claire).sendMail({
        from: claire.address,
        to: karim.address,
        subject,
        text: 'Dossier.',
      });
      const client = await imap(thomas);
      const paths = (await client.list()).map((f) => f.path);
      const shared = `Partages/${karim.address}/INBOX`;
      expect(paths).toContain('INBOX');
      expect(paths).toContain(shared);
      expect(paths.some((p) => p.includes(claire.address))).toBe(false);
      const specialUses = (await client.list()).filter((f) => f.path.startsWith('Partages/'));
      expect(specialUses.every((f) => !f.specialUse)).toBe(true);

      const opened = await client.mailboxOpen(shared);
      const holderInbox = (await mailboxes(karim)).find((m) => m.role === 'inbox');
      expect(opened.exists).toBe(holderInbox?.totalEmails);
      const found = await client.search({ subject }, { uid: true });
      const [email] = await jmapEmails(karim, 'inbox', { subject });
      expect(found).toEqual([email?.uid]);
    } finally {
      await fetch(`${baseUrl}/api/delegations/${id}`, {
        method: 'DELETE',
        headers: { Cookie: karim.cookie, 'X-CSRF-Token': karim.csrf },
      });
    }
  });

  it('answers a malformed command with BAD, and the connection goes on', async () => {
    const { text, closed } = await raw(claire, 'a1 FETCH (\r\na2 NOOP\r\n', /^a2 /m);
    expect(text).toMatch(/^a1 BAD /m);
    expect(text).toMatch(/^a2 OK /m);
    expect(closed).toBe(false);
  });

  it('answers 10,000 pipelined commands one by one, in order, and the connection goes on', async () => {
    const count = 10_000;
    const input = `${Array.from({ length: count }, (_, i) => `p${i} NOOP\r\n`).join('')}zz NOOP\r\n`;
    const { text, closed } = await raw(claire, input, /^zz OK/m);
    const tags = [...text.matchAll(/^(p\d+) OK/gm)].map((m) => m[1]);
    expect(tags.length).toBe(count);
    expect(tags.slice(0, 3)).toEqual(['p0', 'p1', 'p2']);
    expect(tags.at(-1)).toBe(`p${count - 1}`);
    expect(text).toMatch(/^zz OK/m);
    expect(closed).toBe(false);
  });

  it('forbids a 1 MB line: BAD and the connection closed', async () => {
    const { text, closed } = await raw(claire, `a1 NOOP ${'x'.repeat(1024 * 1024)}\r\n`, /BYE/);
    expect(text).toMatch(/BAD/);
    expect(text).toMatch(/\* BYE/);
    expect(closed || /BYE/.test(text)).toBe(true);
  });

  it('forbids a 100 MB literal: refused before it is sent, or the connection closed when it is not waited for', async () => {
    const synchronizing = await raw(claire, 'a1 APPEND INBOX {104857600}\r\n', /^a1 /m);
    expect(synchronizing.text).toMatch(/^a1 BAD \[TOOBIG\]/m);
    expect(synchronizing.text).not.toMatch(/^\+ /m);
    const nonSynchronizing = await raw(claire, 'a1 APPEND INBOX {104857600+}\r\nabc', /BYE/);
    expect(nonSynchronizing.text).toMatch(/^a1 BAD /m);
  });

  it('waits for an unterminated literal without answering it, and holds no more than it announced', async () => {
    const { text } = await raw(claire, 'a1 LOGIN {20}\r\nabc', /^\+ /m);
    expect(text).toMatch(/^\+ /m);
    expect(text).not.toMatch(/^a1 /m);
  });
});
