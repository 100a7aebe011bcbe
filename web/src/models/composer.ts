import { effect, signal } from '@preact/signals';
import type { CorrespondentItem, DirectoryResult } from '../../../shared/directory/api.ts';
import { sendRefusalText } from '../../../shared/jmap/send-refusals.ts';
import { MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import { markedSubject } from '../../../shared/mssante/subject.ts';
import {
  type CachedAttachment,
  type CachedBody,
  type CachedEmail,
  type DraftQuote,
  db,
  type EmailAddress,
} from '../db.ts';
import { ApiFailure } from '../lib/api-client.ts';
import { findInDirectory, myCorrespondents } from '../lib/directory.ts';
import { JmapMethodError, jmap, uploadBlob } from '../lib/jmap.ts';
import { escapeHtml, htmlToText, revealInlineCode } from '../lib/mail-text.ts';
import { accountId, mailboxes, refresh } from './mailbox.ts';
import { createModel } from './model.ts';
import { attachmentName, loadBody } from './reader.ts';
import { currentBal } from './session.ts';
import {
  defaultSignature,
  loadSignatures,
  signatureBlock,
  signatures,
  signaturesFor,
} from './signatures.ts';

export interface Draft {
  to: string;
  cc: string;
  subject: string;
  body: string;
  files: File[];
  readReceipt: boolean;
  inReplyTo: string[] | null;
  references: string[] | null;
  kind: 'new' | 'reply' | 'forward';
  /** The original, quoted below what is typed (replies and forwards). */
  quote: DraftQuote | null;
  /** The original's attachments a forward keeps, sent again by their blobIds. */
  kept: CachedAttachment[];
  /** The draft of Drafts being resumed: destroyed once this message is sent. */
  resumedFrom: string | null;
  /** The identity it goes out as, whose signature is under the text (null: the first). */
  identityId?: string | null;
}

const EMPTY: Draft = {
  to: '',
  cc: '',
  subject: '',
  body: '',
  files: [],
  readReceipt: false,
  inReplyTo: null,
  references: null,
  kind: 'new',
  quote: null,
  kept: [],
  resumedFrom: null,
};

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

export const {
  composing,
  draft,
  sending,
  composeError,
  sentNotice,
  uploading,
  suggestions,
  correspondents,
} = createModel(
  {
    composing: signal(false),
    draft: signal<Draft>(EMPTY),
    sending: signal(false),
    composeError: signal<string | null>(null),
    sentNotice: signal<string | null>(null),
    /** The attachments' upload while a message is sent: bytes sent of the total. */
    uploading: signal<{ sent: number; total: number } | null>(null),
    suggestions: signal<DirectoryResult[]>([]),
    /** Favourites and recent correspondents, offered before anything is typed. */
    correspondents: signal<{ favourites: CorrespondentItem[]; recents: CorrespondentItem[] }>({
      favourites: [],
      recents: [],
    }),
  },
  () => {
    clearTimeout(saveTimer);
    clearTimeout(searchTimer);
  },
);

/** Splits "a@b.fr, c@d.fr; e@f.fr" into addresses. */
export function parseAddresses(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

// What is typed is saved (debounced) so that a reload or a crash never loses it; attached
// files are not kept (they are on the user's disk).
effect(() => {
  const account = accountId.value;
  const value = draft.value;
  if (!account || !composing.value) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const { files: _files, ...text } = value;
    const empty = !text.to && !text.cc && !text.subject && !text.body && !text.quote;
    const saved: Promise<unknown> = empty
      ? db.drafts.delete(account)
      : db.drafts.put({ accountId: account, ...text, savedAt: Date.now() });
    saved.catch(() => undefined);
  }, 300);
});

/** Reopens the composer on the draft saved for an account, if there is one. */
export async function restoreDraft(account: string): Promise<void> {
  const saved = await db.drafts.get(account).catch(() => undefined);
  if (!saved || accountId.value !== account) return;
  const { accountId: _account, savedAt: _savedAt, ...text } = saved;
  draft.value = { ...EMPTY, ...text, files: [] };
  composing.value = true;
}

async function forgetDraft(): Promise<void> {
  clearTimeout(saveTimer);
  const account = accountId.value;
  if (account) await db.drafts.delete(account).catch(() => undefined);
}

export function newMessage(): void {
  startComposing(EMPTY);
}

interface OriginalHeaders {
  messageId: string[] | null;
  references: string[] | null;
  replyTo: EmailAddress[] | null;
  cc: EmailAddress[] | null;
}

/** The threading headers and the recipients of a message (offline: none known). */
async function originalHeaders(account: string, id: string): Promise<OriginalHeaders> {
  const none = { messageId: null, references: null, replyTo: null, cc: null };
  try {
    const got = await jmap([
      [
        'Email/get',
        {
          accountId: account,
          ids: [id],
          properties: ['messageId', 'references', 'replyTo', 'cc'],
        },
        'r',
      ],
    ]);
    return { ...none, ...(got.get('r')?.list as OriginalHeaders[] | undefined)?.[0] };
  } catch {
    // Offline: the reply still goes to the sender, without threading headers.
    return none;
  }
}

const quoteDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short' });
const named = (a: EmailAddress) => (a.name ? `${a.name} <${a.email}>` : a.email);
const names = (list: EmailAddress[] | null | undefined) => (list ?? []).map(named).join(', ');

/**
 * The original as quoted: its text, and its sanitized HTML when it has some (the
 * sanitizer fetched with the reader's code, not in the first load).
 */
async function quoteOf(
  intro: string,
  body: CachedBody | null,
  preview: string,
  keptCids: string[],
) {
  const { quotableHtml } = await import('../lib/sanitize-mail.ts');
  const html = body?.html ? quotableHtml(body.html, keptCids) : null;
  const text = body?.text ?? (html !== null ? htmlToText(html) : preview);
  return { intro, text, html };
}

/** Addresses without duplicates (case-insensitive) and without the given ones. */
function distinct(list: EmailAddress[], without: string[]): EmailAddress[] {
  const seen = new Set(without.map((a) => a.toLowerCase()));
  return list.filter((a) => {
    const key = a.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const addressText = (list: EmailAddress[]) => list.map((a) => a.email).join(', ');

/** The draft with the default signature under its text (not for a resumed draft). */
function signed(value: Draft): Draft {
  const signature = defaultSignature.peek();
  if (value.resumedFrom || value.identityId !== undefined || !signature) return value;
  return { ...value, body: value.body + signatureBlock(signature.text), identityId: signature.id };
}

function startComposing(value: Draft): void {
  draft.value = signed(value);
  composeError.value = null;
  sentNotice.value = null;
  composing.value = true;
  // The signatures read for the first time: signed now, unless the user already typed.
  if (signaturesFor.peek() !== accountId.peek()) {
    void loadSignatures().then(() => {
      if (composing.peek() && draft.peek().body === value.body) draft.value = signed(draft.peek());
    });
  }
}

/**
 * « Signature »: another of the BAL's signatures (or none) under the text, the one there
 * replaced; the message goes out as that identity.
 */
export function chooseSignature(id: string | null): void {
  const current = draft.peek();
  const before = signatures.peek().find((s) => s.id === current.identityId);
  const next = signatures.peek().find((s) => s.id === id) ?? null;
  let body = current.body;
  const block = before?.text.trim() ? signatureBlock(before.text) : null;
  if (block && body.endsWith(block)) body = body.slice(0, -block.length);
  if (next?.text.trim()) body += signatureBlock(next.text);
  draft.value = { ...current, body, identityId: next?.id ?? null };
}

/**
 * "Reprendre le brouillon": a draft of Drafts (made by a mail client, or left by an older
 * version) reopens in the composer: its recipients, subject, text, threading headers and
 * attachments (kept by their blobIds). Sending it sends a new message and destroys the draft.
 */
export async function resumeDraft(email: CachedEmail): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  const body = await loadBody(account, email.id);
  let threading: { inReplyTo: string[] | null; references: string[] | null } = {
    inReplyTo: null,
    references: null,
  };
  try {
    const got = await jmap([
      [
        'Email/get',
        { accountId: account, ids: [email.id], properties: ['inReplyTo', 'references'] },
        'r',
      ],
    ]);
    threading = { ...threading, ...(got.get('r')?.list as (typeof threading)[] | undefined)?.[0] };
  } catch {
    // Offline: resumed without its threading headers.
  }
  const addresses = (list: EmailAddress[] | null | undefined) =>
    (list ?? []).map((a) => a.email).join(', ');
  startComposing({
    ...EMPTY,
    to: addresses(email.to),
    cc: addresses(body?.cc),
    subject: email.subject ?? '',
    body: body?.text ?? (body?.html ? htmlToText(body.html) : ''),
    kept: body?.attachments ?? [],
    inReplyTo: threading.inReplyTo,
    references: threading.references,
    resumedFrom: email.id,
  });
}

/**
 * A reply in the same conversation (In-Reply-To and References), the original quoted: to
 * its Reply-To or sender, or with `all` to every recipient too (the BAL itself left out).
 * Addresses outside the trust space are refused by the server when sending, as for any
 * message, before anything is sent.
 */
export async function reply(email: CachedEmail, options: { all?: boolean } = {}): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  const [headers, body] = await Promise.all([
    originalHeaders(account, email.id),
    loadBody(account, email.id),
  ]);
  const self = currentBal.value?.address ?? '';
  const author = headers.replyTo?.length ? headers.replyTo : (email.from ?? []);
  const to = options.all
    ? distinct([...author, ...(email.to ?? [])], [self])
    : distinct(author, []);
  const cc = options.all
    ? distinct(body?.cc ?? headers.cc ?? [], [self, ...to.map((a) => a.email)])
    : [];
  const when = quoteDate.format(new Date(email.receivedAt));
  const sender = names(email.from) || 'l’expéditeur';
  startComposing({
    ...EMPTY,
    kind: 'reply',
    to: addressText(to),
    cc: addressText(cc),
    subject: markedSubject('Re', email.subject),
    inReplyTo: headers.messageId,
    references: headers.messageId
      ? [...(headers.references ?? []), ...headers.messageId]
      : headers.references,
    quote: await quoteOf(`Le ${when}, ${sender} a écrit :`, body, email.preview, []),
  });
}

/**
 * A forward: the original quoted under its header block, and every one of its
 * attachments kept by blobId (nothing is downloaded or uploaded again). The recipients
 * are typed; the server refuses those outside the trust space before anything is sent.
 */
export async function forward(email: CachedEmail): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  const body = await loadBody(account, email.id);
  const kept = body?.attachments ?? [];
  const cids = kept.flatMap((a) => (a.cid ? [a.cid.replace(/^<|>$/g, '')] : []));
  const intro = [
    '-------- Message transféré --------',
    `De : ${names(email.from)}`,
    `Date : ${quoteDate.format(new Date(email.receivedAt))}`,
    `Objet : ${email.subject ?? ''}`,
    `À : ${names(email.to)}`,
    ...(body?.cc?.length ? [`Cc : ${names(body.cc)}`] : []),
  ].join('\n');
  startComposing({
    ...EMPTY,
    kind: 'forward',
    subject: markedSubject('Tr', email.subject),
    quote: await quoteOf(intro, body, email.preview, cids),
    kept,
  });
  if (!body) {
    composeError.value =
      'Le message d’origine n’est pas disponible hors connexion : ses pièces jointes ne seront pas transférées.';
  }
}

/** What the attachments weigh: the files chosen and the original's kept. */
export function attachedBytes(value: Pick<Draft, 'files' | 'kept'>): number {
  return (
    value.files.reduce((sum, file) => sum + file.size, 0) +
    value.kept.reduce((sum, file) => sum + file.size, 0)
  );
}

const tooLargeText = () => sendRefusalText({ type: 'tooLarge' });

/**
 * Files chosen or dropped onto the composer, added to those already there. Past the trust
 * space's message size, they are refused at once (nothing is uploaded for nothing).
 */
export function addFiles(files: File[]): void {
  if (files.length === 0) return;
  const next = { ...draft.value, files: [...draft.value.files, ...files] };
  if (attachedBytes(next) > MAX_MESSAGE_BYTES) {
    composeError.value = tooLargeText();
    return;
  }
  composeError.value = null;
  draft.value = next;
}

/** A chosen file taken off the message. */
export function dropFile(index: number): void {
  draft.value = { ...draft.value, files: draft.value.files.filter((_, i) => i !== index) };
}

/** The attachments of a forward, one by one: the user may drop some. */
export function dropKept(blobId: string): void {
  draft.value = { ...draft.value, kept: draft.value.kept.filter((a) => a.blobId !== blobId) };
}

/** The quote removed: only what is typed is sent. */
export function dropQuote(): void {
  draft.value = { ...draft.value, quote: null };
}

/** The text part sent: what is typed, then the original, `>`-quoted in a reply. */
export function sentText(value: Pick<Draft, 'body' | 'quote' | 'kind'>): string {
  const quote = value.quote;
  if (!quote) return value.body;
  const original =
    value.kind === 'reply'
      ? quote.text
          .split('\n')
          .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
          .join('\n')
      : quote.text;
  return `${value.body}\n\n${quote.intro}\n${value.kind === 'reply' ? '' : '\n'}${original}`;
}

/** The HTML part sent when the original had one: what is typed, then it in a blockquote. */
export function sentHtml(value: Pick<Draft, 'body' | 'quote'>): string | null {
  const quote = value.quote;
  if (!quote?.html) return null;
  const paragraph = (text: string) => `<div style="white-space:pre-wrap">${escapeHtml(text)}</div>`;
  return (
    `${paragraph(value.body)}<br>${paragraph(quote.intro)}` +
    `<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex">` +
    `${revealInlineCode(quote.html)}</blockquote>`
  );
}

export function cancel(): void {
  composing.value = false;
  void forgetDraft();
}

/** Directory suggestions for the last address being typed (never patients). */
/** Reads the favourites and recents (offline, none are offered). */
export async function loadCorrespondents(): Promise<void> {
  try {
    correspondents.value = await myCorrespondents();
  } catch {
    correspondents.value = { favourites: [], recents: [] };
  }
}

/** Adds an address to the « À » field (once). */
export function addRecipient(address: string): void {
  const current = parseAddresses(draft.peek().to);
  if (current.map((a) => a.toLowerCase()).includes(address.toLowerCase())) return;
  draft.value = { ...draft.peek(), to: [...current, address].join(', ') };
}

export function suggest(text: string): void {
  clearTimeout(searchTimer);
  const query = parseAddresses(text).at(-1) ?? '';
  if (query.length < 2) {
    suggestions.value = [];
    return;
  }
  searchTimer = setTimeout(async () => {
    try {
      suggestions.value = await findInDirectory(query, 8);
    } catch {
      suggestions.value = [];
    }
  }, 200);
}

function roleId(role: string): string | undefined {
  return mailboxes.value.find((m) => m.role === role)?.id;
}

/** The text part, and the HTML part when quoting an HTML original. */
function bodyParts(value: Draft) {
  const html = sentHtml(value);
  return {
    bodyValues: {
      body: { value: sentText(value) },
      ...(html === null ? {} : { html: { value: html } }),
    },
    textBody: [{ partId: 'body', type: 'text/plain' }],
    ...(html === null ? {} : { htmlBody: [{ partId: 'html', type: 'text/html' }] }),
  };
}

/** Destroys emails (a submission's refused copy, a resumed draft); offline, left for later. */
async function destroyEmails(account: string, ids: string[]): Promise<void> {
  await jmap([['Email/set', { accountId: account, destroy: ids }, 'd']]).catch(() => undefined);
}

/**
 * Sends the draft from the current BAL: attachments uploaded, then one JMAP request that
 * creates the message in Drafts and submits it, moving it to Sent on success.
 */
export async function send(): Promise<void> {
  const account = accountId.value;
  const bal = currentBal.value;
  const drafts = roleId('drafts');
  const sent = roleId('sent');
  if (!account || !bal || !drafts || !sent) return;
  const value = draft.value;
  const to = parseAddresses(value.to);
  if (to.length === 0) {
    composeError.value = 'Indiquez au moins un destinataire.';
    return;
  }
  if (attachedBytes(value) > MAX_MESSAGE_BYTES) {
    composeError.value = tooLargeText();
    return;
  }
  sending.value = true;
  composeError.value = null;
  try {
    const attachments: Record<string, unknown>[] = value.kept.map((a) => ({
      blobId: a.blobId,
      type: a.type,
      // A nameless part of a report (the returned message of a bounce) keeps a name.
      name: a.name ?? (a.cid ? null : attachmentName(a)),
      disposition: a.disposition === 'inline' && a.cid ? 'inline' : 'attachment',
      ...(a.cid ? { cid: a.cid.replace(/^<|>$/g, '') } : {}),
    }));
    // Each file's bytes counted as they go, for the progress bar.
    const total = value.files.reduce((sum, file) => sum + file.size, 0);
    let done = 0;
    if (total > 0) uploading.value = { sent: 0, total };
    for (const file of value.files) {
      const blobId = await uploadBlob(account, file, (sent) => {
        uploading.value = { sent: done + sent, total };
      });
      done += file.size;
      attachments.push({
        blobId,
        type: file.type || 'application/octet-stream',
        name: file.name,
        disposition: 'attachment',
      });
    }
    const identities = await jmap([['Identity/get', { accountId: account }, 'i']]);
    const known = (identities.get('i')?.list as { id: string }[] | undefined) ?? [];
    const identityId = (known.find((i) => i.id === value.identityId) ?? known[0])?.id;
    const responses = await jmap([
      [
        'Email/set',
        {
          accountId: account,
          create: {
            draft: {
              mailboxIds: { [drafts]: true },
              keywords: { $draft: true, $seen: true },
              from: [{ name: bal.displayName, email: bal.address }],
              to: to.map((email) => ({ name: null, email })),
              cc: parseAddresses(value.cc).map((email) => ({ name: null, email })),
              subject: value.subject,
              ...(value.inReplyTo
                ? { inReplyTo: value.inReplyTo, references: value.references }
                : {}),
              ...bodyParts(value),
              attachments,
              ...(value.readReceipt ? { mssReadReceipt: true } : {}),
            },
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        {
          accountId: account,
          create: { send: { identityId, emailId: '#draft' } },
          onSuccessUpdateEmail: {
            '#send': {
              [`mailboxIds/${drafts}`]: null,
              [`mailboxIds/${sent}`]: true,
              'keywords/$draft': null,
            },
          },
        },
        's',
      ],
    ]);
    const notCreated = (
      responses.get('e')?.notCreated as Record<string, Record<string, unknown>> | null
    )?.draft;
    const refused = (
      responses.get('s')?.notCreated as Record<string, Record<string, unknown>> | null
    )?.send;
    if (notCreated || refused) {
      composeError.value = sendRefusalText(notCreated ?? refused ?? {});
      // Nothing was sent: the message stays in this window (and in the saved draft), and
      // the copy made for the submission is destroyed, so no stray draft stays in Drafts.
      const made = (responses.get('e')?.created as Record<string, { id: string }> | null)?.draft
        ?.id;
      if (made) await destroyEmails(account, [made]);
      void refresh();
      return;
    }
    composing.value = false;
    // The resumed draft is replaced by the message sent.
    if (value.resumedFrom) await destroyEmails(account, [value.resumedFrom]);
    await forgetDraft();
    sentNotice.value = 'Message envoyé.';
    void refresh();
  } catch (failure) {
    composeError.value =
      failure instanceof ApiFailure && failure.code === 'unavailable'
        ? 'Hors connexion : le message n’est pas parti. Il reste dans cette fenêtre ; renvoyez-le au retour du réseau.'
        : failure instanceof ApiFailure && failure.code === 'payload_too_large'
          ? tooLargeText()
          : failure instanceof JmapMethodError || failure instanceof ApiFailure
            ? 'Le message n’a pas pu être envoyé. Rien n’a été envoyé.'
            : 'Une erreur est survenue.';
  } finally {
    sending.value = false;
    uploading.value = null;
  }
}
