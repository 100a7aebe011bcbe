import { fitsQuota } from '../../shared/mssante/limits.ts';
import { base64url } from '../bytes.ts';
import type { Bindings } from '../env.ts';
import { MethodError } from '../jmap/errors.ts';
import {
  legacyObjectName,
  type MailboxKeys,
  mailboxKeys,
  objectName,
  open,
  openLegacy,
  seal,
} from '../storage/sealed-blobs.ts';

/** Tombstones kept per data type (see pruneTombstones). */
export const TOMBSTONE_LIMIT = 20_000;
/** How often (in modseqs) a destroy checks the tombstone count. */
const TOMBSTONE_CHECK_EVERY = 256;

/** The JMAP data types whose changes the mailbox logs. */
export type DataType =
  | 'Mailbox'
  | 'Thread'
  | 'Email'
  | 'Identity'
  | 'EmailSubmission'
  | 'Quota'
  | 'VacationResponse'
  | 'FilingRule';
export const DATA_TYPES: DataType[] = [
  'Mailbox',
  'Thread',
  'Email',
  'Identity',
  'EmailSubmission',
  'Quota',
  'VacationResponse',
  'FilingRule',
];

/** `meta` key set once every object of the mailbox is sealed (none left from before). */
export const BLOBS_SEALED = 'blobs_sealed';
/** `meta` key of the mailbox's key, wrapped by the master key (`storage/sealed-blobs.ts`). */
const MAIL_KEY_META = 'mail_key';

/** The key being drawn for a new mailbox, by BAL id (one per mailbox DO). */
const drawing = new Map<string, Promise<MailboxKeys>>();

/** The one quota object of a mailbox (RFC 9425): its stored bytes. */
export const QUOTA_ID = 'octets';

type Value = string | number | null;

/** The result of a /changes computation (RFC 8620 section 5.2). */
export interface ChangesResult {
  oldState: string;
  newState: string;
  hasMoreChanges: boolean;
  created: string[];
  updated: string[];
  destroyed: string[];
}

/** A short random id in the JMAP id alphabet (16 base64url characters) after a kind letter. */
export function newId(prefix: string): string {
  return `${prefix}${base64url(crypto.getRandomValues(new Uint8Array(12)))}`;
}

/**
 * The mailbox's storage, as plain helpers over the DO's SQLite and R2: queries, the change
 * log (one modseq counter per mailbox, one row per changed object), blobs and quota.
 */
export class Store {
  readonly sql: SqlStorage;

  constructor(
    readonly storage: DurableObjectStorage,
    readonly env: Bindings,
    readonly balId: string,
  ) {
    this.sql = storage.sql;
  }

  /** Makes the mailbox's alarm run by `at` (never later than it was already set). */
  async wakeBy(at: number): Promise<void> {
    const current = await this.storage.getAlarm();
    if (current === null || current > at) await this.storage.setAlarm(at);
  }

  /** Runs synchronous writes atomically: all of them or none. */
  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  all<T extends Record<string, SqlStorageValue>>(query: string, ...args: Value[]): T[] {
    return this.sql.exec<T>(query, ...args).toArray();
  }

  one<T extends Record<string, SqlStorageValue>>(query: string, ...args: Value[]): T | undefined {
    return this.all<T>(query, ...args)[0];
  }

  run(query: string, ...args: Value[]): void {
    this.sql.exec(query, ...args);
  }

  meta(key: string): string | undefined {
    return this.one<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value;
  }

  setMeta(key: string, value: string | number): void {
    this.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      String(value),
    );
  }

  /** The current modseq of the whole mailbox (bumped by every change). */
  modseq(): number {
    return Number(this.meta('modseq') ?? 0);
  }

  /** The state string of a data type: the modseq of its latest change. */
  state(type: DataType): string {
    return this.meta(`state:${type}`) ?? '0';
  }

  /** Logs a change of one object; `created` and `destroyed` mark its life. */
  change(type: DataType, id: string, kind: 'created' | 'updated' | 'destroyed'): void {
    const seq = this.modseq() + 1;
    this.setMeta('modseq', seq);
    this.setMeta(`state:${type}`, seq);
    this.run(
      `INSERT INTO changes (type, id, created, modseq, destroyed) VALUES (?1, ?2, ?3, ?3, ?4)
       ON CONFLICT (type, id) DO UPDATE SET modseq = ?3, destroyed = ?4`,
      type,
      id,
      seq,
      kind === 'destroyed' ? 1 : 0,
    );
    // Amortized: every TOMBSTONE_CHECK_EVERY changes, cap the tombstones of this type.
    if (kind === 'destroyed' && seq % TOMBSTONE_CHECK_EVERY === 0) {
      this.pruneTombstones(type, TOMBSTONE_LIMIT);
    }
  }

  /**
   * Keeps the newest `keep` tombstones of a type and forgets older ones, so the change log
   * does not grow without end. A client away for longer gets `cannotCalculateChanges` and
   * resyncs in full.
   */
  pruneTombstones(type: DataType, keep: number): void {
    const count =
      this.one<{ n: number }>(
        'SELECT COUNT(*) AS n FROM changes WHERE type = ? AND destroyed = 1',
        type,
      )?.n ?? 0;
    if (count <= keep) return;
    const cut = this.one<{ modseq: number }>(
      'SELECT modseq FROM changes WHERE type = ? AND destroyed = 1 ORDER BY modseq LIMIT 1 OFFSET ?',
      type,
      count - keep - 1,
    );
    if (cut) this.pruneChanges(type, cut.modseq);
  }

  /**
   * Changes of a type since a state, at most `maxChanges` objects (RFC 8620 section 5.2):
   * `cannotCalculateChanges` for an unknown, future or pruned state.
   */
  changesSince(type: DataType, sinceState: string, maxChanges: number | null): ChangesResult {
    const current = Number(this.state(type));
    const since = /^\d{1,15}$/.test(sinceState) ? Number(sinceState) : Number.NaN;
    const floor = Number(this.meta(`floor:${type}`) ?? 0);
    if (!Number.isFinite(since) || since > current || since < floor) {
      throw new MethodError('cannotCalculateChanges', 'The state is unknown or too old.');
    }
    if (maxChanges !== null && maxChanges < 1) {
      throw new MethodError('invalidArguments', 'maxChanges must be a positive integer.');
    }
    const limit = maxChanges ?? 5000;
    const rows = this.all<{ id: string; created: number; modseq: number; destroyed: number }>(
      'SELECT id, created, modseq, destroyed FROM changes WHERE type = ? AND modseq > ? ORDER BY modseq LIMIT ?',
      type,
      since,
      limit + 1,
    );
    const hasMoreChanges = rows.length > limit;
    const page = rows.slice(0, limit);
    const result: ChangesResult = {
      oldState: sinceState,
      newState: hasMoreChanges ? String(page[page.length - 1]?.modseq ?? since) : String(current),
      hasMoreChanges,
      created: [],
      updated: [],
      destroyed: [],
    };
    for (const row of page) {
      const createdSince = row.created > since;
      if (row.destroyed) {
        if (!createdSince) result.destroyed.push(row.id);
      } else if (createdSince) result.created.push(row.id);
      else result.updated.push(row.id);
    }
    return result;
  }

  /**
   * Forgets tombstones and change rows at or below a modseq: `/changes` from an older
   * state then answers `cannotCalculateChanges`.
   */
  pruneChanges(type: DataType, upTo: number): void {
    this.run('DELETE FROM changes WHERE type = ? AND modseq <= ? AND destroyed = 1', type, upTo);
    this.setMeta(`floor:${type}`, Math.max(upTo, Number(this.meta(`floor:${type}`) ?? 0)));
  }

  /** Bytes stored by this mailbox (distinct blobs). */
  usedBytes(): number {
    return Number(this.meta('used_bytes') ?? 0);
  }

  /**
   * This mailbox's keys (drawn on first use; wrapped again when the master key rotated),
   * the wrapped form kept in `meta`.
   */
  async mailKeys(): Promise<MailboxKeys> {
    const wrapped = this.meta(MAIL_KEY_META) ?? null;
    let pending: Promise<MailboxKeys> | undefined;
    if (wrapped === null) {
      // One key drawn for a new mailbox, however many calls ask for it meanwhile.
      pending = drawing.get(this.balId);
      if (!pending) {
        const balId = this.balId;
        pending = mailboxKeys(this.env, balId, null).finally(() => drawing.delete(balId));
        drawing.set(balId, pending);
      }
    }
    const keys = await (pending ?? mailboxKeys(this.env, this.balId, wrapped));
    if (keys.rewrapped && (this.meta(MAIL_KEY_META) ?? null) === wrapped)
      this.setMeta(MAIL_KEY_META, keys.rewrapped);
    return keys;
  }

  /** The R2 name of a blob: one copy per mailbox, named by a keyed hash of its SHA-256. */
  async blobKey(sha: string, keys?: MailboxKeys): Promise<string> {
    return objectName(keys ?? (await this.mailKeys()), this.balId, sha);
  }

  hasBlob(sha: string): boolean {
    return this.one('SELECT 1 AS x FROM blobs WHERE id = ?', sha) !== undefined;
  }

  /**
   * Stores a blob once (content-addressed). Returns false, writing nothing, when it is new
   * and would take the mailbox over its quota (exact to the byte: used + size > quota).
   */
  async putBlob(
    sha: string,
    bytes: Uint8Array,
    type: string,
    quotaBytes: number,
  ): Promise<boolean> {
    if (this.hasBlob(sha)) return true;
    const used = this.usedBytes();
    if (!fitsQuota({ used, size: bytes.byteLength, quota: quotaBytes })) return false;
    // Reserve synchronously (no other call interleaves), then write the bytes.
    this.transaction(() => {
      this.run(
        'INSERT INTO blobs (id, size, type, created_at) VALUES (?, ?, ?, ?)',
        sha,
        bytes.byteLength,
        type,
        Date.now(),
      );
      this.setMeta('used_bytes', used + bytes.byteLength);
      this.change('Quota', QUOTA_ID, 'updated');
    });
    try {
      const keys = await this.mailKeys();
      const name = await this.blobKey(sha, keys);
      await this.env.BLOBS.put(name, await seal(keys, name, bytes));
    } catch (error) {
      this.transaction(() => {
        this.run('DELETE FROM blobs WHERE id = ?', sha);
        this.setMeta('used_bytes', Math.max(0, this.usedBytes() - bytes.byteLength));
        this.change('Quota', QUOTA_ID, 'updated');
      });
      throw error;
    }
    return true;
  }

  /** The bytes of a stored blob (R2 holds it sealed), or null. */
  async readBlob(sha: string): Promise<Uint8Array | null> {
    if (!this.hasBlob(sha)) return null;
    const keys = await this.mailKeys();
    const name = await this.blobKey(sha, keys);
    const object = await this.env.BLOBS.get(name);
    if (object) return open(keys, name, new Uint8Array(await object.arrayBuffer()));
    // Not sealed yet (stored before encryption at rest; the mailbox's alarm seals it).
    if (this.meta(BLOBS_SEALED) === '1') return null;
    const legacy = await this.env.BLOBS.get(legacyObjectName(this.balId, sha));
    return legacy ? openLegacy(new Uint8Array(await legacy.arrayBuffer()), sha) : null;
  }

  /**
   * Deletes uploads that no email uses and that are older than `maxAgeMs` (RFC 8620 lets
   * a server drop unreferenced uploads after an hour). Returns how many remain unused.
   */
  async dropStaleUploads(maxAgeMs: number, now = Date.now()): Promise<number> {
    const unused = this.all<{ id: string; created_at: number }>(
      'SELECT id, created_at FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM emails e WHERE e.blob_id = b.id)',
    );
    let remaining = 0;
    for (const blob of unused) {
      if (now - blob.created_at >= maxAgeMs) await this.dropBlobIfUnused(blob.id);
      else remaining += 1;
    }
    return remaining;
  }

  /** Deletes a blob no email uses any more, and gives its bytes back to the quota. */
  async dropBlobIfUnused(sha: string): Promise<void> {
    if (this.one('SELECT 1 AS x FROM emails WHERE blob_id = ? LIMIT 1', sha)) return;
    const row = this.one<{ size: number }>('SELECT size FROM blobs WHERE id = ?', sha);
    if (!row) return;
    this.transaction(() => {
      this.run('DELETE FROM blobs WHERE id = ?', sha);
      this.setMeta('used_bytes', Math.max(0, this.usedBytes() - row.size));
      this.change('Quota', QUOTA_ID, 'updated');
    });
    await this.env.BLOBS.delete([await this.blobKey(sha), legacyObjectName(this.balId, sha)]);
  }

  /**
   * Seals up to `limit` objects stored before encryption at rest (plaintext, named by
   * their SHA-256) under their sealed name, and deletes the plaintext. Returns true while
   * some may remain; records when none does.
   */
  async sealLegacyBlobs(limit: number): Promise<boolean> {
    if (this.meta(BLOBS_SEALED) === '1') return false;
    const after = this.meta('blobs_sealed_after') ?? '';
    const rows = this.all<{ id: string }>(
      'SELECT id FROM blobs WHERE id > ? ORDER BY id LIMIT ?',
      after,
      limit,
    );
    const keys = await this.mailKeys();
    for (const { id } of rows) {
      const legacyName = legacyObjectName(this.balId, id);
      const legacy = await this.env.BLOBS.get(legacyName);
      if (!legacy) continue;
      const bytes = await openLegacy(new Uint8Array(await legacy.arrayBuffer()), id);
      const name = await this.blobKey(id, keys);
      await this.env.BLOBS.put(name, await seal(keys, name, bytes));
      await this.env.BLOBS.delete(legacyName);
    }
    const last = rows[rows.length - 1]?.id;
    if (rows.length < limit) {
      this.setMeta(BLOBS_SEALED, 1);
      return false;
    }
    if (last) this.setMeta('blobs_sealed_after', last);
    return true;
  }
}
