import type { DirectoryImportStats } from '../../shared/directory/api.ts';
import {
  type ExtractEntry,
  isExtractHeader,
  parseExtractLine,
} from '../../shared/directory/extract.ts';
import { ApiError } from '../errors.ts';
import { linesOf } from './lines.ts';

/** What one import of the extract did. */
export type ImportStats = DirectoryImportStats;

export interface ImportOptions {
  /**
   * Pli's own domains, as `config(env).operatorDomains` gives them (trimmed, lower case):
   * their BALs are published from Pli's data, never from the extract.
   */
  operatorDomains: readonly string[];
  now?: number;
  /** Rows per statement (one JSON parameter each, so D1's 100-parameter cap never binds). */
  chunkRows?: number;
  /** Allow an import that would remove more than half of the directory (a truncated file?). */
  allowMassRemoval?: boolean;
}

/** A fast 53-bit string hash (cyrb53): detects changed rows, not an integrity check. */
function rowHash(line: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

// Column order of the JSON rows bound to the statements below.
const toJsonRow = (e: ExtractEntry, hash: string) => [
  e.address,
  e.balType,
  e.idNat,
  e.rpps,
  e.civility,
  e.familyName,
  e.givenName,
  e.name,
  e.organisation,
  e.professionCode,
  e.profession,
  e.specialtyCode,
  e.specialty,
  e.street,
  e.postcode,
  e.city,
  e.department,
  hash,
];

const COLUMNS = [
  'address',
  'bal_type',
  'id_nat',
  'rpps',
  'civility',
  'family_name',
  'given_name',
  'name',
  'organisation',
  'profession_code',
  'profession',
  'specialty_code',
  'specialty',
  'street',
  'postcode',
  'city',
  'department',
  'row_hash',
];

// Rows whose line did not change are only marked as seen: no index write.
const MARK_SEEN_SQL = `
  UPDATE directory_entries SET seen_run = ?2
   WHERE source = 'annuaire'
     AND (address, row_hash) IN (
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[17]') FROM json_each(?1))`;

const UPSERT_SQL = `
  INSERT INTO directory_entries (${COLUMNS.join(', ')}, source, seen_run, changed_run, updated_at)
  SELECT ${COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')}, 'annuaire', ?2, ?2, ?3
    FROM json_each(?1) WHERE true
  ON CONFLICT (address) DO UPDATE SET
    ${COLUMNS.slice(1)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')},
    seen_run = excluded.seen_run, changed_run = excluded.changed_run, updated_at = excluded.updated_at
  WHERE directory_entries.source = 'annuaire'
    AND directory_entries.row_hash IS NOT excluded.row_hash`;

/** How long a running import keeps others out. */
const IMPORT_LEASE_MS = 60 * 60 * 1000;

async function countAnnuaire(db: D1Database): Promise<number> {
  const row = await db
    .prepare("SELECT count(*) AS n FROM directory_entries WHERE source = 'annuaire'")
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * Imports the official extract as a daily refresh: new addresses are added, changed rows
 * updated, unchanged rows left alone, and addresses absent from this extract removed.
 * Streams the body (constant memory); idempotent: the same file twice changes nothing.
 * Patient addresses and Pli's own domains are skipped.
 */
export async function importExtract(
  db: D1Database,
  body: ReadableStream<Uint8Array>,
  options: ImportOptions,
): Promise<ImportStats> {
  const now = options.now ?? Date.now();
  const chunkRows = options.chunkRows ?? 250;
  const domains = options.operatorDomains;
  const own = (address: string) =>
    domains.some((d) => address.endsWith(`@${d}`) || address.endsWith(`.${d}`));
  // One import at a time: another run's rows would look unseen and be removed. A run that
  // died without finishing stops counting after an hour.
  const run = await db
    .prepare(
      `INSERT INTO directory_imports (started_at, status)
       SELECT ?1, 'running' WHERE NOT EXISTS (
         SELECT 1 FROM directory_imports WHERE status = 'running' AND started_at > ?1 - ?2)
       RETURNING id`,
    )
    .bind(now, IMPORT_LEASE_MS)
    .first<{ id: number }>();
  if (!run) throw new ApiError('conflict', 'Another import of the directory is running.');
  const runId = run.id;
  const stats: ImportStats = {
    runId,
    rowsRead: 0,
    rowsSkipped: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
  };
  const before = await countAnnuaire(db);
  let chunk: unknown[][] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const json = JSON.stringify(chunk);
    chunk = [];
    await db.batch([
      db.prepare(MARK_SEEN_SQL).bind(json, runId),
      db.prepare(UPSERT_SQL).bind(json, runId, now),
    ]);
  };
  try {
    let header = false;
    for await (const line of linesOf(body)) {
      if (!header) {
        if (line.trim() === '') continue;
        if (!isExtractHeader(line))
          throw new ApiError('invalid_request', 'Not an MSSanté extract.');
        header = true;
        continue;
      }
      if (line.trim() === '') continue;
      stats.rowsRead += 1;
      const entry = parseExtractLine(line);
      if (!entry || own(entry.address)) {
        stats.rowsSkipped += 1;
        continue;
      }
      chunk.push(toJsonRow(entry, rowHash(line)));
      if (chunk.length >= chunkRows) await flush();
    }
    await flush();
    if (!header || stats.rowsRead === 0) throw new ApiError('invalid_request', 'Empty extract.');
    const afterUpserts = await countAnnuaire(db);
    stats.added = afterUpserts - before;
    const written = await db
      .prepare(
        "SELECT count(*) AS n FROM directory_entries WHERE source = 'annuaire' AND changed_run = ?",
      )
      .bind(runId)
      .first<{ n: number }>();
    stats.updated = (written?.n ?? 0) - stats.added;
    const stale = await db
      .prepare(
        "SELECT count(*) AS n FROM directory_entries WHERE source = 'annuaire' AND (seen_run IS NULL OR seen_run <> ?)",
      )
      .bind(runId)
      .first<{ n: number }>();
    const staleCount = stale?.n ?? 0;
    if (!options.allowMassRemoval && before > 0 && staleCount > before / 2) {
      throw new ApiError('conflict', 'The extract would remove more than half of the directory.');
    }
    await removeUnseen(db, runId);
    stats.removed = afterUpserts - (await countAnnuaire(db));
    stats.unchanged = afterUpserts - stats.removed - (written?.n ?? 0);
    await db
      .prepare(
        "UPDATE directory_imports SET status = 'done', finished_at = ?, rows_read = ?, rows_skipped = ?, added = ?, updated = ?, removed = ? WHERE id = ?",
      )
      .bind(
        Date.now(),
        stats.rowsRead,
        stats.rowsSkipped,
        stats.added,
        stats.updated,
        stats.removed,
        runId,
      )
      .run();
    return stats;
  } catch (error) {
    await db
      .prepare(
        "UPDATE directory_imports SET status = 'failed', finished_at = ?, rows_read = ? WHERE id = ?",
      )
      .bind(Date.now(), stats.rowsRead, runId)
      .run();
    throw error;
  }
}

/** Removes, in bounded batches, the extract rows this run did not see. */
async function removeUnseen(db: D1Database, runId: number): Promise<void> {
  for (;;) {
    const result = await db
      .prepare(
        `DELETE FROM directory_entries WHERE id IN (
           SELECT id FROM directory_entries
            WHERE source = 'annuaire' AND (seen_run IS NULL OR seen_run <> ?) LIMIT 2000)`,
      )
      .bind(runId)
      .run();
    // meta.changes also counts the index rows the trigger wrote: only zero means done.
    if (result.meta.changes === 0) return;
  }
}
