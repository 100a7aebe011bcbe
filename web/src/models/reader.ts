import { computed, signal } from '@preact/signals';
import { type CachedAttachment, type CachedBody, type CachedEmail, db } from '../db.ts';
import { jmap } from '../lib/jmap.ts';
import { queueAction } from './mail-actions.ts';
import { accountId, markRead, messages, refresh } from './mailbox.ts';
import { createModel } from './model.ts';
import { ruleDraft, ruleMessage } from './rules.ts';

/** A file shown in the app: its name, kind and a `blob:` URL of its bytes (also to save it). */
export interface AttachmentPreview {
  name: string;
  kind: 'pdf' | 'image';
  url: string;
}

const { openSnapshot, openBody, readerError, remoteAllowed, receiptNotice, preview } = createModel(
  {
    /** The message as it was when opened (kept if it leaves the current list). */
    openSnapshot: signal<CachedEmail | null>(null),
    openBody: signal<CachedBody | null>(null),
    readerError: signal<string | null>(null),
    /** Remote content is blocked until the user allows it, for this message only. */
    remoteAllowed: signal(false),
    receiptNotice: signal<string | null>(null),
    /** The attachment previewed, if any. */
    preview: signal<AttachmentPreview | null>(null),
  },
  () => closePreview(),
);

export { openBody, preview, readerError, receiptNotice, remoteAllowed };

/** Image types shown in an `<img>` (never run as a document); PDFs in the browser's viewer. */
const PREVIEW_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The names of the parts a report carries, when its sender gave them none. */
const REPORT_PART_NAMES: Record<string, string> = {
  'message/rfc822': 'Message d’origine.eml',
  'message/global': 'Message d’origine.eml',
  'text/rfc822-headers': 'En-têtes du message d’origine.txt',
  'message/delivery-status': 'Rapport de remise.txt',
  'message/disposition-notification': 'Accusé de lecture.txt',
};

/**
 * The name an attachment is shown and saved under: its own, else what it is for a part of
 * a delivery report (the returned message of a bounce…), else « Pièce jointe ».
 */
export function attachmentName(attachment: CachedAttachment): string {
  return attachment.name ?? REPORT_PART_NAMES[attachment.type.toLowerCase()] ?? 'Pièce jointe';
}

/** What an attachment can be previewed as, or null (downloaded only). */
export function previewKind(attachment: CachedAttachment): AttachmentPreview['kind'] | null {
  const type = attachment.type.toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  return PREVIEW_IMAGES.has(type) ? 'image' : null;
}

/**
 * "Aperçu": the attachment's bytes in a `blob:` URL typed by Pli (a PDF is always opened by
 * the browser's PDF viewer, an image by `<img>`, whatever the bytes claim), shown in the app.
 */
export async function previewAttachment(
  account: string,
  attachment: CachedAttachment,
): Promise<void> {
  const kind = previewKind(attachment);
  if (!kind) return;
  readerError.value = null;
  let bytes: ArrayBuffer;
  try {
    const response = await fetch(downloadUrl(account, attachment), { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`download ${response.status}`);
    bytes = await response.arrayBuffer();
  } catch {
    readerError.value = 'La pièce jointe n’a pas pu être affichée.';
    return;
  }
  showPreview(attachment.name ?? 'Pièce jointe', kind, bytes, attachment.type);
}

/**
 * Shows bytes in the preview (a PDF always in the browser's PDF viewer, an image by
 * `<img>`, whatever the bytes claim): an attachment, or a PDF a structured document embeds.
 */
export function showPreview(
  name: string,
  kind: AttachmentPreview['kind'],
  bytes: BlobPart,
  imageType = 'image/png',
): void {
  closePreview();
  const type = kind === 'pdf' ? 'application/pdf' : imageType.toLowerCase();
  preview.value = { name, kind, url: URL.createObjectURL(new Blob([bytes], { type })) };
}

/** Closes the preview and releases its bytes. */
export function closePreview(): void {
  const shown = preview.peek();
  if (shown) URL.revokeObjectURL(shown.url);
  preview.value = null;
}

/** The open message, live: local actions (read, flag…) show at once. */
export const openEmail = computed(() => {
  const snapshot = openSnapshot.value;
  return snapshot ? (messages.value.find((e) => e.id === snapshot.id) ?? snapshot) : null;
});

const BODY_PROPERTIES = [
  'id',
  'cc',
  'sender',
  'htmlBody',
  'textBody',
  'attachments',
  'bodyValues',
  'mssReadReceipt',
];

interface BodyPart {
  partId: string | null;
  blobId: string;
  name: string | null;
  type: string;
  size: number;
  cid: string | null;
  disposition: string | null;
}

function joinParts(parts: BodyPart[], values: Record<string, { value: string }>): string | null {
  const text = parts
    .map((p) => (p.partId ? values[p.partId]?.value : undefined))
    .filter((v): v is string => v !== undefined);
  return text.length ? text.join('\n') : null;
}

/** Fetches a message's body, its text and HTML parts and its attachments. */
export async function fetchBody(account: string, id: string): Promise<CachedBody> {
  const responses = await jmap([
    [
      'Email/get',
      { accountId: account, ids: [id], properties: BODY_PROPERTIES, fetchAllBodyValues: true },
      'b',
    ],
  ]);
  const email = (responses.get('b')?.list as Record<string, unknown>[] | undefined)?.[0];
  if (!email) throw new Error('gone');
  const values = email.bodyValues as Record<string, { value: string }>;
  const htmlParts = (email.htmlBody as BodyPart[]).filter((p) => p.type === 'text/html');
  const attachments = (email.attachments as BodyPart[]).map(
    (p): CachedAttachment => ({
      blobId: p.blobId,
      name: p.name,
      type: p.type,
      size: p.size,
      cid: p.cid,
      disposition: p.disposition,
    }),
  );
  return {
    accountId: account,
    id,
    html: joinParts(htmlParts, values),
    text: joinParts(email.textBody as BodyPart[], values),
    cc: (email.cc as CachedBody['cc']) ?? null,
    sender: (email.sender as CachedBody['sender']) ?? null,
    attachments,
    readReceipt: email.mssReadReceipt === true,
  };
}

/** A message's body: the cached one, else fetched and cached (null offline). */
export async function loadBody(account: string, id: string): Promise<CachedBody | null> {
  const cached = await db.bodies.get([account, id]).catch(() => undefined);
  if (cached) return cached;
  try {
    const body = await fetchBody(account, id);
    await db.bodies.put(body);
    return body;
  } catch {
    return null;
  }
}

/** Opens a message: the cached body at once, else fetched and cached; marks it read. */
export async function open(email: CachedEmail): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  closePreview();
  openSnapshot.value = email;
  // A rule being made from the previous message is dropped with it.
  if (ruleDraft.peek()?.from === 'message') ruleDraft.value = null;
  ruleMessage.value = null;
  remoteAllowed.value = false;
  receiptNotice.value = null;
  readerError.value = null;
  openBody.value = (await db.bodies.get([account, email.id])) ?? null;
  if (!openBody.value) {
    try {
      const body = await fetchBody(account, email.id);
      await db.bodies.put(body);
      if (openEmail.value?.id === email.id) openBody.value = body;
    } catch {
      readerError.value = navigator.onLine
        ? 'Ce message n’a pas pu être ouvert.'
        : 'Ce message n’est pas disponible hors connexion.';
    }
  }
  if (!email.keywords.$seen) await markRead(email, true);
}

export function close(): void {
  closePreview();
  openSnapshot.value = null;
  openBody.value = null;
}

/**
 * The name every download URL carries. A file name often names a patient, and URLs reach
 * access logs and proxies: the real name is given to the browser by `saveAttachment`.
 */
export const NEUTRAL_ATTACHMENT_NAME = 'piece-jointe';

/**
 * The download URL of an attachment (same origin, the session cookie authenticates it),
 * under the neutral name, never the attachment's own.
 */
export function downloadUrl(account: string, attachment: CachedAttachment): string {
  const accountPart = encodeURIComponent(account);
  const blob = encodeURIComponent(attachment.blobId);
  return `/jmap/download/${accountPart}/${blob}/${NEUTRAL_ATTACHMENT_NAME}?accept=${encodeURIComponent(attachment.type)}`;
}

/**
 * Saves an attachment under its real name: fetched from its neutral URL, then handed to the
 * browser as a `blob:` URL with `download` set (a `blob:` URL has no Content-Disposition to
 * override that name). The name never leaves the device.
 */
export async function saveAttachment(account: string, attachment: CachedAttachment): Promise<void> {
  readerError.value = null;
  let blob: Blob;
  try {
    const response = await fetch(downloadUrl(account, attachment), { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`download ${response.status}`);
    blob = await response.blob();
  } catch {
    readerError.value = 'La pièce jointe n’a pas pu être téléchargée.';
    return;
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachmentName(attachment);
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is released once it has had time to.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Inline (`cid:`) images as data URLs, so that the opaque-origin mail frame can show them. */
export async function inlineImages(
  account: string,
  body: CachedBody,
): Promise<Record<string, string>> {
  const inline: Record<string, string> = {};
  for (const part of body.attachments) {
    if (!part.cid || !part.type.startsWith('image/') || part.size > 5 * 1024 * 1024) continue;
    try {
      const response = await fetch(downloadUrl(account, part), { credentials: 'same-origin' });
      if (!response.ok) continue;
      const blob = await response.blob();
      inline[part.cid.replace(/^<|>$/g, '')] = await new Promise<string>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.readAsDataURL(blob);
      });
    } catch {
      // Offline: the image is simply not shown.
    }
  }
  return inline;
}

/** Whether to ask the user about a read receipt: asked for, and not yet sent or declined. */
export function asksReceipt(email: CachedEmail, body: CachedBody | null): boolean {
  return body?.readReceipt === true && !email.keywords.$mdnsent;
}

/** The user agreed: the receipt (RFC 8098) goes out once, through MDN/send (RFC 9007). */
export async function sendReceipt(email: CachedEmail): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  receiptNotice.value = null;
  try {
    const responses = await jmap([
      [
        'MDN/send',
        {
          accountId: account,
          send: {
            r: {
              forEmailId: email.id,
              disposition: {
                actionMode: 'manual-action',
                sendingMode: 'mdn-sent-manually',
                type: 'displayed',
              },
            },
          },
        },
        'm',
      ],
    ]);
    const refused = (responses.get('m')?.notSent as Record<string, { type: string }> | null)?.r;
    if (refused && refused.type !== 'mdnAlreadySent') {
      receiptNotice.value =
        refused.type === 'forbiddenToSend'
          ? 'L’adresse de l’accusé de lecture est hors de l’espace de confiance : rien n’a été envoyé.'
          : 'L’accusé de lecture n’a pas pu être envoyé.';
      return;
    }
    receiptNotice.value = 'Accusé de lecture envoyé.';
    await refresh();
  } catch {
    receiptNotice.value = 'Hors connexion : l’accusé de lecture n’a pas été envoyé.';
  }
}

/** The user declined: never asked again for this message (the `$mdnsent` keyword). */
export async function declineReceipt(email: CachedEmail): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  await queueAction(db, account, email.id, { 'keywords/$mdnsent': true });
  void refresh();
}
