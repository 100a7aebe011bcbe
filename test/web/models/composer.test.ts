import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import { type CachedBody, type CachedEmail, type CachedMailbox, db } from '../../../web/src/db.ts';
import {
  addFiles,
  cancel,
  composeError,
  draft,
  dropFile,
  forward,
  newMessage,
  reply,
  send,
  sentHtml,
  sentText,
} from '../../../web/src/models/composer.ts';
import { accountId, mailboxes } from '../../../web/src/models/mailbox.ts';
import { me } from '../../../web/src/models/session.ts';

const SELF = 'claire.martin@medecin.pli.mssante.fr';

const email: CachedEmail = {
  accountId: 'bal-1',
  id: 'm1',
  threadId: 't1',
  mailboxIds: { inbox: true },
  keywords: { $seen: true },
  from: [{ name: 'Dr Karim Benali', email: 'karim.benali@medecin.pli.mssante.fr' }],
  to: [
    { name: 'Dr Claire Martin', email: SELF },
    { name: null, email: 'elodie.rousseau@infirmier.pli.mssante.fr' },
  ],
  subject: 'Compte rendu',
  receivedAt: '2026-11-20T09:00:00Z',
  preview: 'Chère consœur',
  hasAttachment: true,
  size: 1200,
};

const body: CachedBody = {
  accountId: 'bal-1',
  id: 'm1',
  html:
    '<p style="color:red" onclick="steal()">Chère consœur,</p><p>Ci-joint le compte rendu.</p>' +
    '<img src="https://tracker.test/pixel.gif"><script>steal()</script>',
  text: null,
  cc: [
    { name: null, email: 'docteur.x@gmail.com' },
    { name: null, email: SELF },
  ],
  attachments: [
    {
      blobId: 'G1f2e3d4:2',
      name: 'compte-rendu.pdf',
      type: 'application/pdf',
      size: 4096,
      cid: null,
      disposition: 'attachment',
    },
  ],
};

const MAILBOXES: CachedMailbox[] = [
  { id: 'drafts', role: 'drafts', name: 'Drafts' },
  { id: 'sent', role: 'sent', name: 'Sent' },
].map((m) => ({
  ...m,
  accountId: 'bal-1',
  parentId: null,
  sortOrder: 0,
  totalEmails: 0,
  unreadEmails: 0,
}));

type Call = [string, Record<string, unknown>, string];

/** Answers JMAP calls by method; records every call made. */
function fakeJmap(answer: (call: Call) => Record<string, unknown>) {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), location.href);
    if (url.pathname !== '/jmap/api') throw new Error(`unexpected request ${url.pathname}`);
    const request = JSON.parse(String(init?.body)) as { methodCalls: Call[] };
    calls.push(...request.methodCalls);
    const methodResponses = request.methodCalls.map((call) => [call[0], answer(call), call[2]]);
    return new Response(JSON.stringify({ methodResponses, sessionState: 's' }), {
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

const headers = (call: Call) =>
  call[0] === 'Email/get'
    ? {
        list: [
          {
            id: 'm1',
            messageId: ['cr-1@pli.mssante.fr'],
            references: ['start@pli.mssante.fr'],
            replyTo: null,
            cc: body.cc,
          },
        ],
      }
    : {};

beforeEach(async () => {
  // The folders reach the model from the cache, as in the app.
  await db.mailboxes.bulkPut(MAILBOXES);
  accountId.value = 'bal-1';
  await expect.poll(() => mailboxes.value.length).toBe(2);
  me.value = {
    idNat: '810000000001',
    givenName: 'Claire',
    familyName: 'Martin',
    professionCode: '10',
    kind: 'practitioner',
    via: 'session',
    loginMethod: 'psc',
    bals: [
      {
        id: 'bal-1',
        address: SELF,
        displayName: 'Dr Claire Martin',
        role: 'holder',
        holderIdNat: '810000000001',
      },
    ],
    needsOnboarding: false,
    hasPassword: false,
    hasTotp: false,
    cgu: { current: null, accepted: true, mustAccept: false },
  };
  await db.bodies.put(body);
});

afterEach(async () => {
  vi.restoreAllMocks();
  cancel();
  composeError.value = null;
  me.value = null;
  accountId.value = null;
  await db.bodies.clear();
  await db.drafts.clear();
  await db.mailboxes.clear();
});

describe('reply, reply-all and forward', () => {
  it('a reply goes to the sender, threads under the original and quotes it', async () => {
    fakeJmap(headers);
    await reply(email);
    const value = draft.value;
    expect(value.to).toBe('karim.benali@medecin.pli.mssante.fr');
    expect(value.cc).toBe('');
    expect(value.subject).toBe('Re: Compte rendu');
    expect(value.inReplyTo).toEqual(['cr-1@pli.mssante.fr']);
    expect(value.references).toEqual(['start@pli.mssante.fr', 'cr-1@pli.mssante.fr']);
    expect(value.kept).toEqual([]);
    const text = sentText({ ...value, body: 'Merci.' });
    expect(text).toMatch(/^Merci\.\n\nLe .+, Dr Karim Benali <karim\.benali@[^>]+> a écrit :\n/);
    expect(text).toContain('> Chère consœur,\n');
    expect(text).toContain('> Ci-joint le compte rendu.');
  });

  it('forbids script, event handlers and remote content in the quoted HTML, and keeps its styles', async () => {
    fakeJmap(headers);
    await reply(email);
    const html = sentHtml({ ...draft.value, body: 'Merci <b>beaucoup</b>' }) ?? '';
    expect(html).toContain('Merci &lt;b&gt;beaucoup&lt;/b&gt;');
    expect(html).toContain('<blockquote type="cite"');
    expect(html).toContain('<p style="color:red">Chère consœur,</p>');
    expect(html).not.toMatch(/script|onclick|tracker\.test|data-pli-style/);
  });

  it('a reply-all goes to the sender and every recipient, never to the BAL itself', async () => {
    fakeJmap(headers);
    await reply(email, { all: true });
    expect(draft.value.to).toBe(
      'karim.benali@medecin.pli.mssante.fr, elodie.rousseau@infirmier.pli.mssante.fr',
    );
    expect(draft.value.cc).toBe('docteur.x@gmail.com');
  });

  it('a reply-all to an address outside the trust space is refused and nothing is submitted', async () => {
    fakeJmap(headers);
    await reply(email, { all: true });
    const calls = fakeJmap((call) => {
      if (call[0] === 'Identity/get') return { list: [{ id: 'i1' }] };
      if (call[0] === 'Email/set') return { created: { draft: { id: 'd1' } } };
      if (call[0] === 'EmailSubmission/set')
        return {
          notCreated: {
            send: { type: 'invalidRecipients', invalidRecipients: ['docteur.x@gmail.com'] },
          },
        };
      return {};
    });
    await send();
    expect(composeError.value).toContain('docteur.x@gmail.com');
    expect(composeError.value).toContain('Rien n’a été envoyé');
    expect(calls.filter((c) => c[0] === 'EmailSubmission/set')).toHaveLength(1);
  });

  it('a forward keeps the original’s attachments by blobId and quotes it under its header block', async () => {
    fakeJmap(headers);
    await forward(email);
    expect(draft.value.subject).toBe('Tr: Compte rendu');
    expect(draft.value.to).toBe('');
    expect(draft.value.inReplyTo).toBeNull();
    draft.value = { ...draft.value, to: 'karim.benali@medecin.pli.mssante.fr', body: 'Pour avis.' };
    const calls = fakeJmap((call) => {
      if (call[0] === 'Identity/get') return { list: [{ id: 'i1' }] };
      if (call[0] === 'Email/set') return { created: { draft: { id: 'd1' } } };
      if (call[0] === 'EmailSubmission/set') return { created: { send: { id: 's1' } } };
      return {};
    });
    await send();
    expect(composeError.value).toBeNull();
    const set = calls.find((c) => c[0] === 'Email/set')?.[1] ?? {};
    const create = (set.create as Record<string, Record<string, unknown>>).draft ?? {};
    expect(create.attachments).toEqual([
      {
        blobId: 'G1f2e3d4:2',
        type: 'application/pdf',
        name: 'compte-rendu.pdf',
        disposition: 'attachment',
      },
    ]);
    const values = create.bodyValues as Record<string, { value: string }>;
    expect(values.body?.value).toMatch(
      /^Pour avis\.\n\n-------- Message transféré --------\nDe : Dr Karim Benali <karim\.benali@/,
    );
    expect(values.body?.value).toContain('Objet : Compte rendu');
    expect(values.body?.value).toContain('Ci-joint le compte rendu.');
    expect(values.html?.value).toContain('<p>Ci-joint le compte rendu.</p>');
    expect(create.htmlBody).toEqual([{ partId: 'html', type: 'text/html' }]);
  });

  it('a forward survives a reload with its kept attachments and its quote', async () => {
    fakeJmap(headers);
    await forward(email);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const saved = await db.drafts.get('bal-1');
    expect(saved?.kept?.map((a) => a.blobId)).toEqual(['G1f2e3d4:2']);
    expect(saved?.quote?.intro).toContain('Message transféré');
  });
});

describe('attachments', () => {
  const file = (name: string, size: number) =>
    new File([new Uint8Array(size)], name, { type: 'application/octet-stream' });

  it('adds files chosen or dropped after those already there, and takes one off', () => {
    newMessage();
    addFiles([file('ordonnance.pdf', 2048)]);
    addFiles([file('bilan.pdf', 4096), file('radio.png', 1024)]);
    expect(draft.value.files.map((f) => f.name)).toEqual([
      'ordonnance.pdf',
      'bilan.pdf',
      'radio.png',
    ]);
    dropFile(1);
    expect(draft.value.files.map((f) => f.name)).toEqual(['ordonnance.pdf', 'radio.png']);
  });

  it('forbids going past the trust space’s message size: the file is refused at once, those there stay', async () => {
    newMessage();
    addFiles([file('scan.pdf', 1024)]);
    addFiles([file('trop-lourd.bin', MAX_MESSAGE_BYTES)]);
    expect(draft.value.files.map((f) => f.name)).toEqual(['scan.pdf']);
    expect(composeError.value).toContain('25 Mo');
  });

  it('forbids uploading a message past the size limit, even with the original’s kept files counted', async () => {
    const calls = fakeJmap(() => ({}));
    newMessage();
    draft.value = {
      ...draft.value,
      to: 'karim.benali@medecin.pli.mssante.fr',
      files: [file('scan.pdf', 1024)],
      kept: [
        { ...(body.attachments[0] as (typeof body.attachments)[number]), size: MAX_MESSAGE_BYTES },
      ],
    };
    await send();
    expect(composeError.value).toContain('25 Mo');
    expect(calls).toEqual([]);
  });
});
