import { parseWhitelist } from './parse.ts';
import type { WhitelistDomain } from './store.ts';

export interface WhitelistImport {
  importId: number;
  domainCount: number;
  generatedOn: string | null;
}

/** Rows per D1 batch (8 parameters each; a batch is one round trip). */
const BATCH = 100;

function upsert(db: D1Database, importId: number, d: WhitelistDomain) {
  return db
    .prepare(
      `INSERT INTO whitelist_domains
         (name, description, operator_dn, responsable_contact, support_contact, updated_on, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET description = excluded.description,
         operator_dn = excluded.operator_dn, responsable_contact = excluded.responsable_contact,
         support_contact = excluded.support_contact, updated_on = excluded.updated_on,
         import_id = excluded.import_id`,
    )
    .bind(
      d.name,
      d.description,
      d.operatorDn,
      d.responsableContact,
      d.supportContact,
      d.updatedOn,
      importId,
    );
}

/**
 * Imports an official `listeblanchemssante.xml` as it streams: domains are upserted in
 * batches and tagged with this import; once the whole list is read, domains absent from
 * it are removed. A list without a single domain (a truncated download, an error page)
 * changes nothing and throws, so a bad refresh never empties the trust space.
 */
export async function importWhitelist(
  db: D1Database,
  source: ReadableStream<Uint8Array>,
  sourceName: string,
  now = Date.now(),
): Promise<WhitelistImport> {
  const started = await db
    .prepare('INSERT INTO whitelist_imports (source, started_at) VALUES (?, ?) RETURNING id')
    .bind(sourceName, now)
    .first<{ id: number }>();
  const importId = started?.id ?? 0;
  let generatedOn: string | null = null;
  let count = 0;
  let pending: D1PreparedStatement[] = [];
  for await (const item of parseWhitelist(source)) {
    if (item.kind === 'generated') {
      generatedOn = item.on;
      continue;
    }
    pending.push(upsert(db, importId, item.domain));
    count += 1;
    if (pending.length >= BATCH) {
      await db.batch(pending);
      pending = [];
    }
  }
  if (pending.length > 0) await db.batch(pending);
  if (count === 0) {
    await db.prepare('DELETE FROM whitelist_imports WHERE id = ?').bind(importId).run();
    throw new Error('the whitelist holds no domain');
  }
  await db.batch([
    db.prepare('DELETE FROM whitelist_domains WHERE import_id <> ?').bind(importId),
    db
      .prepare(
        'UPDATE whitelist_imports SET finished_at = ?, domain_count = ?, generated_on = ? WHERE id = ?',
      )
      .bind(Date.now(), count, generatedOn, importId),
  ]);
  return { importId, domainCount: count, generatedOn };
}

/** A string as a byte stream, for importing a generated list. */
export function streamOf(text: string): ReadableStream<Uint8Array> {
  return new Blob([text]).stream();
}
