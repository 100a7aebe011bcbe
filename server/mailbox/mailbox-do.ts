import { DurableObject } from 'cloudflare:workers';
import type { RecipientDeliveryStatus } from '../../shared/jmap/delivery-status.ts';
import { sha256Hex } from '../bytes.ts';
import type { Bindings } from '../env.ts';
import { type Args, type CallContext, type MethodScope, resolveId } from '../jmap/context.ts';
import { MethodError } from '../jmap/errors.ts';
import { METHODS } from '../jmap/methods.ts';
import { NoticeThrottle } from '../notices/new-mail.ts';
import { StatePusher } from '../push/state-change.ts';
import { type BlobContent, readAnyBlob } from './blobs.ts';
import { deliverMessage } from './deliver.ts';
import type { DeliverInput, DeliverResult } from './deliver-types.ts';
import { noteDelivery } from './delivery-status.ts';
import { nextSweepAt, sweepRetention } from './retention.ts';
import { SCHEMA_STEPS } from './schema.ts';
import { ensureSetUp } from './setup.ts';
import { BLOBS_SEALED, DATA_TYPES, type DataType, Store } from './store.ts';

/** How long an upload no email uses is kept (RFC 8620 section 6.1: at least an hour). */
export const UPLOAD_TTL_MS = 60 * 60 * 1000;
/** Objects of before encryption at rest sealed per alarm run. */
const SEAL_BATCH = 50;

/** What one JMAP method call answers: its responses and the creation ids it added. */
export interface CallResult {
  responses: [string, Args][];
  createdIds: Record<string, string>;
}

export type UploadResult =
  | { ok: true; blobId: string; size: number; type: string }
  | { ok: false; error: 'over_quota' };

/**
 * One mailbox (BAL) per object, on SQLite storage, addressed by the BAL id. Every JMAP
 * method on an account runs inside it, so a mailbox is consistent without locks.
 */
export class MailboxDO extends DurableObject<Bindings> {
  private waiters = new Set<() => void>();
  /** Whether this instance has looked for objects of before encryption at rest to seal. */
  private sealingScheduled = false;
  /** When this BAL's next new-mail notice can be due (no D1 query before). */
  private notices = new NoticeThrottle();
  /** Web Push of this mailbox's StateChanges (coalesced, off the caller's path). */
  private pusher = new StatePusher(
    this.env,
    () => this.balId,
    async () => (await this.states()).states,
    (promise) => this.ctx.waitUntil(promise),
  );

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.migrate();
    });
  }

  private migrate() {
    const sql = this.ctx.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = sql
      .exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`)
      .toArray()[0];
    let version = row ? Number(row.value) : 0;
    this.ctx.storage.transactionSync(() => {
      while (version < SCHEMA_STEPS.length) {
        sql.exec(SCHEMA_STEPS[version] as string);
        version += 1;
      }
      sql.exec(
        `INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        String(version),
      );
    });
  }

  /**
   * The BAL this object is: the name it is addressed by (`idFromName(balId)`). Every store
   * is built for it, so no caller can make this object act for another BAL.
   */
  private get balId(): string {
    const name = this.ctx.id.name;
    if (!name) throw new Error('mailbox object addressed without a BAL id');
    return name;
  }

  /** The store of this mailbox, set up on first use. `claimed` is checked against it. */
  private async store(claimed?: string): Promise<Store> {
    if (claimed !== undefined && claimed !== this.balId)
      throw new Error('mailbox call for another BAL');
    const store = new Store(this.ctx.storage, this.env, this.balId);
    await ensureSetUp(store);
    await this.scheduleSealing(store);
    return store;
  }

  /** Wakes every open push stream waiting on this mailbox, and schedules its Web Push. */
  private wake() {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
    this.pusher.changed();
  }

  /** The push subscriptions of someone using this mailbox changed: look them up again. */
  async pushSubscriptionsChanged(): Promise<void> {
    this.pusher.subscriptionsChanged();
  }

  /** One inbound or local delivery (contract in `deliver-types.ts`). */
  async deliver(input: DeliverInput): Promise<DeliverResult> {
    const store = await this.store(input.balId);
    const result = await deliverMessage(store, input);
    if (result.status === 'stored') {
      this.wake();
      const check = this.notices.note(this.env, this.balId);
      if (check) this.ctx.waitUntil(check);
    }
    return result;
  }

  /**
   * What became of one recipient of a submission once Pli handed it on (accepted or
   * refused by the recipient's operator): its EmailSubmission's deliveryStatus changes.
   */
  async noteDelivery(
    submissionId: string,
    recipient: string,
    update: Pick<RecipientDeliveryStatus, 'delivered' | 'smtpReply'>,
  ): Promise<boolean> {
    const noted = noteDelivery(await this.store(), submissionId, recipient, update);
    if (noted) this.wake();
    return noted;
  }

  /** Runs one JMAP method call on this account. */
  async call(
    ctx: CallContext,
    name: string,
    args: Args,
    createdIds: Record<string, string>,
  ): Promise<CallResult> {
    const store = await this.store(ctx.accountId);
    const handler = METHODS[name];
    const before = store.modseq();
    const scope: MethodScope = {
      store,
      ctx,
      extra: [],
      createdIds: { ...createdIds },
      waitUntil: (promise) => this.ctx.waitUntil(promise.catch(() => undefined)),
    };
    let responses: [string, Args][];
    try {
      if (!handler) throw new MethodError('unknownMethod');
      // Creation ids of earlier calls may stand for ids in any later call (RFC 8620 5.3).
      for (const key of ['ids', 'emailIds', 'blobIds']) {
        const value = args[key];
        if (Array.isArray(value)) {
          args[key] = value.map((id) => (typeof id === 'string' ? resolveId(scope, id) : id));
        }
      }
      responses = [[name, await handler(scope, args)], ...scope.extra];
    } catch (error) {
      if (!(error instanceof MethodError)) throw error;
      responses = [['error', error.toArgs()]];
    }
    if (store.modseq() !== before) this.wake();
    return { responses, createdIds: scope.createdIds };
  }

  /** Stores an uploaded blob (content-addressed, counted against the quota). */
  async upload(bytes: Uint8Array, type: string, quotaBytes: number): Promise<UploadResult> {
    const store = await this.store();
    const blobId = await sha256Hex(bytes);
    if (!(await store.putBlob(blobId, bytes, type, quotaBytes)))
      return { ok: false, error: 'over_quota' };
    await store.wakeBy(Date.now() + UPLOAD_TTL_MS + 60_000);
    return { ok: true, blobId, size: bytes.byteLength, type };
  }

  /**
   * Seals the objects of a mailbox made before encryption at rest, a batch a second; drops
   * uploads no email used within their hour, giving their bytes back to the quota; sweeps
   * the folders that have a retention. Then wakes for whichever comes next.
   */
  override async alarm(): Promise<void> {
    const row = this.ctx.storage.sql
      .exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'bal_id'`)
      .toArray()[0];
    if (!row) return;
    const store = new Store(this.ctx.storage, this.env, row.value);
    const now = Date.now();
    const sealing = await store.sealLegacyBlobs(SEAL_BATCH);
    const remaining = await store.dropStaleUploads(UPLOAD_TTL_MS);
    const swept = await sweepRetention(store, now);
    const next = [
      sealing || swept.more ? now + 1000 : null,
      remaining > 0 ? now + UPLOAD_TTL_MS : null,
      nextSweepAt(store, now),
    ].filter((at) => at !== null);
    if (next.length > 0) await this.ctx.storage.setAlarm(Math.min(...next));
  }

  /** A mailbox made before encryption at rest: its alarm starts sealing its objects. */
  private async scheduleSealing(store: Store): Promise<void> {
    if (this.sealingScheduled) return;
    this.sealingScheduled = true;
    if (store.meta(BLOBS_SEALED) === '1') return;
    await store.wakeBy(Date.now() + 1000);
  }

  /** A blob of this mailbox (stored, or a part of a stored message), or null. */
  async blob(blobId: string): Promise<BlobContent | null> {
    return readAnyBlob(await this.store(), blobId);
  }

  /** The state string of every data type, for push. */
  async states(): Promise<{ modseq: number; states: Record<DataType, string> }> {
    const store = await this.store();
    const states = Object.fromEntries(DATA_TYPES.map((t) => [t, store.state(t)])) as Record<
      DataType,
      string
    >;
    return { modseq: store.modseq(), states };
  }

  /** Resolves with the modseq once it moves past `known`, or after `timeoutMs`. */
  async waitForChange(known: number, timeoutMs: number): Promise<number> {
    const store = await this.store();
    if (store.modseq() !== known) return store.modseq();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve();
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(wake);
    });
    return store.modseq();
  }

  /**
   * The stored messages, oldest first, a page at a time (for the holder's export): the
   * email id, its raw message's blob id and its arrival time. (Account life.)
   */
  async exportPage(
    after: string,
    limit: number,
  ): Promise<{ id: string; blobId: string; receivedAt: number }[]> {
    const sql = this.ctx.storage.sql;
    const exists = sql
      .exec<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'emails'`)
      .one().n;
    if (!exists) return [];
    return sql
      .exec<{ id: string; blob_id: string; received_at: number }>(
        'SELECT id, blob_id, received_at FROM emails WHERE id > ? ORDER BY id LIMIT ?',
        after,
        limit,
      )
      .toArray()
      .map((row) => ({ id: row.id, blobId: row.blob_id, receivedAt: row.received_at }));
  }

  /** Erases every row of this mailbox (BAL deletion); its R2 blobs are deleted by the caller. */
  async erase(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    // With the storage goes the mailbox's wrapped key: what R2 (or a backup) still holds
    // of it can no longer be opened.
    await this.ctx.storage.deleteAll();
  }

  /** Bytes used by this mailbox's stored messages and blobs. */
  async usedBytes(): Promise<number> {
    const row = this.ctx.storage.sql
      .exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'used_bytes'`)
      .toArray()[0];
    return row ? Number(row.value) : 0;
  }
}
