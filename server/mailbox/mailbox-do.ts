import { DurableObject } from 'cloudflare:workers';
import type { Bindings } from '../env.ts';

/**
 * One mailbox (BAL) per object, on SQLite storage, addressed by the BAL id. Every JMAP
 * method on an account runs inside it, so a mailbox is consistent without locks.
 */
export class MailboxDO extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.migrate();
    });
  }

  private migrate() {
    this.ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    );
  }

  /** Bytes used by this mailbox's stored messages and blobs. */
  async usedBytes(): Promise<number> {
    const row = this.ctx.storage.sql
      .exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'used_bytes'`)
      .toArray()[0];
    return row ? Number(row.value) : 0;
  }
}
