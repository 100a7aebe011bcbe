/**
 * Encryption at rest of what Pli keeps in R2 of mail: envelope encryption.
 *
 * - Each mailbox has its own random 256-bit key, stored only wrapped (AES-256-GCM under a
 *   master key, the BAL id as associated data) in the mailbox's own storage. Erasing the
 *   BAL erases that wrapped key: its objects, and any copy of them in a backup of R2, can
 *   no longer be opened by any key that remains (crypto-erasure).
 * - Master keys are Worker secrets: `MAIL_KEY` (current) and `MAIL_KEY_PREVIOUS` (keys
 *   being retired, space-separated). A mailbox key wrapped by a previous master key is
 *   unwrapped with it and wrapped again with the current one when the mailbox next opens:
 *   rotation without downtime and without re-encrypting any object.
 * - From the mailbox key come an AES-256-GCM key for the objects and an HMAC key for their
 *   names: an object is `mail/<bal>/<HMAC(sha256)>`, so the same PDF in two mailboxes has
 *   unrelated names and bytes. Objects are `PLI\x02`, a 12-byte IV, then ciphertext and
 *   tag, with the object's name as associated data (moved, it does not open).
 * - Raw messages waiting in the outbound queue are sealed under a key derived (HKDF) from
 *   the master key, named by its id: `PLI\x03`, the master key id (8 bytes), the IV, the
 *   ciphertext.
 * - Objects stored before all this (plaintext, named by their SHA-256) are read only when
 *   their bytes hash to that name, and the mailbox's migration seals and renames them.
 *
 * @example
 * const keys = await mailboxKeys(env, balId, storedWrapped);
 * const name = await objectName(keys, balId, sha);
 * await env.BLOBS.put(name, await seal(keys.enc, name, raw));
 */

import { fromBase64, hex, sha256Hex } from '../bytes.ts';

const MAILBOX_MAGIC = new Uint8Array([0x50, 0x4c, 0x49, 0x02]); // "PLI", 2: mailbox key
const OUTBOUND_MAGIC = new Uint8Array([0x50, 0x4c, 0x49, 0x03]); // "PLI", 3: master-derived
const IV_BYTES = 12;
const KID_BYTES = 8;
/** Mailbox keys kept per isolate (a mailbox DO uses one). */
const MAX_CACHED = 256;

/** A master key: its id (first 8 bytes of its SHA-256) and its AES-GCM form. */
interface MasterKey {
  id: string;
  raw: Uint8Array<ArrayBuffer>;
  aes: CryptoKey;
}

/** What opens and names one mailbox's objects. */
export interface MailboxKeys {
  enc: CryptoKey;
  names: CryptoKey;
  /** The wrapped form to store, when it changed (new mailbox, or master key rotated). */
  rewrapped: string | null;
}

const masters = new Map<string, Promise<MasterKey>>();
const mailboxes = new Map<string, Promise<MailboxKeys>>();
const outbound = new Map<string, Promise<CryptoKey>>();
const outboundNames = new Map<string, Promise<CryptoKey>>();

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesOf = (data: ArrayBuffer) => new Uint8Array(data);
const buffer = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

function master(base64: string): Promise<MasterKey> {
  let key = masters.get(base64);
  if (!key) {
    key = (async () => {
      const raw = fromBase64(base64.trim());
      if (raw.byteLength !== 32) throw new Error('MAIL_KEY must be 32 bytes');
      const id = (await sha256Hex(raw)).slice(0, KID_BYTES * 2);
      const aes = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, [
        'encrypt',
        'decrypt',
      ]);
      return { id, raw, aes };
    })();
    masters.set(base64, key);
  }
  return key;
}

/** The current master key and the ones being retired. */
async function masterKeys(env: {
  MAIL_KEY: string;
  MAIL_KEY_PREVIOUS?: string;
}): Promise<{ current: MasterKey; all: MasterKey[] }> {
  const current = await master(env.MAIL_KEY);
  const previous = await Promise.all(
    (env.MAIL_KEY_PREVIOUS ?? '').split(/\s+/).filter(Boolean).map(master),
  );
  return { current, all: [current, ...previous] };
}

async function hkdf(secret: Uint8Array<ArrayBuffer>, info: string, usage: 'aes' | 'hmac') {
  const base = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8('pli-mail-at-rest'), info: utf8(info) },
    base,
    usage === 'aes' ? { name: 'AES-GCM', length: 256 } : { name: 'HMAC', hash: 'SHA-256' },
    false,
    usage === 'aes' ? ['encrypt', 'decrypt'] : ['sign'],
  );
}

async function wrap(kek: MasterKey, balId: string, dek: Uint8Array<ArrayBuffer>) {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(balId) },
    kek.aes,
    dek,
  );
  return `v1.${kek.id}.${hex(iv)}.${hex(bytesOf(sealed))}`;
}

function fromHexText(text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The keys of one mailbox, from its stored wrapped key (`null` for a new mailbox: a key is
 * drawn, and the caller must draw once per mailbox: see `Store.mailKeys`). `rewrapped` is
 * set when the caller must store a new wrapped form.
 */
export function mailboxKeys(
  env: { MAIL_KEY: string; MAIL_KEY_PREVIOUS?: string },
  balId: string,
  wrapped: string | null,
): Promise<MailboxKeys> {
  // A new key is never cached: after an erasure the same BAL id must draw another one.
  const id = wrapped === null ? null : `${env.MAIL_KEY}\n${balId}\n${wrapped}`;
  let keys = id === null ? undefined : mailboxes.get(id);
  if (!keys) {
    if (mailboxes.size >= MAX_CACHED) mailboxes.clear();
    keys = (async () => {
      const { current, all } = await masterKeys(env);
      let dek: Uint8Array<ArrayBuffer>;
      let rewrapped: string | null = null;
      if (wrapped === null) {
        dek = crypto.getRandomValues(new Uint8Array(32));
        rewrapped = await wrap(current, balId, dek);
      } else {
        const [version, kid, iv, data] = wrapped.split('.');
        const kek = all.find((k) => k.id === kid);
        if (version !== 'v1' || !kek || !iv || !data)
          throw new Error('the mailbox key was wrapped by an unknown master key');
        dek = bytesOf(
          await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: fromHexText(iv), additionalData: utf8(balId) },
            kek.aes,
            fromHexText(data),
          ),
        );
        if (kek.id !== current.id) rewrapped = await wrap(current, balId, dek);
      }
      const enc = await hkdf(dek, 'mailbox:enc', 'aes');
      const names = await hkdf(dek, 'mailbox:names', 'hmac');
      dek.fill(0);
      return { enc, names, rewrapped };
    })();
    if (id !== null) {
      keys.catch(() => mailboxes.delete(id));
      mailboxes.set(id, keys);
    }
  }
  return keys;
}

/** The R2 name of a mailbox's blob: a keyed hash of its SHA-256, unlinkable across BALs. */
export async function objectName(keys: MailboxKeys, balId: string, sha: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', keys.names, utf8(sha));
  return `mail/${balId}/${hex(bytesOf(mac))}`;
}

/** The name a blob had before encryption at rest (plaintext, its SHA-256). */
export function legacyObjectName(balId: string, sha: string): string {
  return `mail/${balId}/${sha}`;
}

function startsWith(bytes: Uint8Array, magic: Uint8Array): boolean {
  return bytes.byteLength > magic.length + IV_BYTES && magic.every((b, i) => bytes[i] === b);
}

async function encrypt(
  key: CryptoKey,
  name: string,
  bytes: Uint8Array,
  header: Uint8Array,
): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(name) },
    key,
    buffer(bytes),
  );
  const out = new Uint8Array(header.length + IV_BYTES + sealed.byteLength);
  out.set(header, 0);
  out.set(iv, header.length);
  out.set(bytesOf(sealed), header.length + IV_BYTES);
  return out;
}

async function decrypt(key: CryptoKey, name: string, stored: Uint8Array, at: number) {
  return bytesOf(
    await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: buffer(stored.subarray(at, at + IV_BYTES)),
        additionalData: utf8(name),
      },
      key,
      buffer(stored.subarray(at + IV_BYTES)),
    ),
  );
}

/** Seals the bytes of a mailbox's object `name`. */
export function seal(keys: MailboxKeys, name: string, bytes: Uint8Array): Promise<Uint8Array> {
  return encrypt(keys.enc, name, bytes, MAILBOX_MAGIC);
}

/** Opens a mailbox's object `name`; throws when it was altered, moved or is another's. */
export function open(keys: MailboxKeys, name: string, stored: Uint8Array): Promise<Uint8Array> {
  if (!startsWith(stored, MAILBOX_MAGIC)) throw new Error('not a sealed mailbox object');
  return decrypt(keys.enc, name, stored, MAILBOX_MAGIC.length);
}

/** A plaintext object of before encryption, if its bytes are the content `sha` names. */
export async function openLegacy(stored: Uint8Array, sha: string): Promise<Uint8Array> {
  if ((await sha256Hex(stored)) !== sha) throw new Error('stored object does not match its key');
  return stored;
}

function outboundKey(kek: MasterKey): Promise<CryptoKey> {
  let key = outbound.get(kek.id);
  if (!key) {
    key = hkdf(kek.raw, 'outbound:enc', 'aes');
    outbound.set(kek.id, key);
  }
  return key;
}

/** The R2 name of an outbound raw: a keyed hash of its SHA-256 under the current master key. */
export async function outboundName(env: { MAIL_KEY: string }, sha: string): Promise<string> {
  const kek = await master(env.MAIL_KEY);
  let names = outboundNames.get(kek.id);
  if (!names) {
    names = hkdf(kek.raw, 'outbound:names', 'hmac');
    outboundNames.set(kek.id, names);
  }
  return `outbound/${hex(bytesOf(await crypto.subtle.sign('HMAC', await names, utf8(sha))))}`;
}

/** Seals an outbound raw under the current master key, its id in the header. */
export async function sealOutbound(
  env: { MAIL_KEY: string },
  name: string,
  bytes: Uint8Array,
): Promise<Uint8Array> {
  const kek = await master(env.MAIL_KEY);
  const header = new Uint8Array(OUTBOUND_MAGIC.length + KID_BYTES);
  header.set(OUTBOUND_MAGIC, 0);
  header.set(fromHexText(kek.id), OUTBOUND_MAGIC.length);
  return encrypt(await outboundKey(kek), name, bytes, header);
}

/** Opens an outbound raw sealed under the current or a previous master key. */
export async function openOutbound(
  env: { MAIL_KEY: string; MAIL_KEY_PREVIOUS?: string },
  name: string,
  stored: Uint8Array,
): Promise<Uint8Array> {
  if (!startsWith(stored, OUTBOUND_MAGIC)) throw new Error('not a sealed outbound object');
  const kid = hex(stored.subarray(OUTBOUND_MAGIC.length, OUTBOUND_MAGIC.length + KID_BYTES));
  const kek = (await masterKeys(env)).all.find((k) => k.id === kid);
  if (!kek) throw new Error('sealed by an unknown master key');
  return decrypt(await outboundKey(kek), name, stored, OUTBOUND_MAGIC.length + KID_BYTES);
}
