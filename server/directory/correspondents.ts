import type { CorrespondentItem } from '../../shared/directory/api.ts';
import { isOnPatientDomain } from '../../shared/mssante/patient.ts';
import { entriesByAddress } from './search.ts';

/** How many recent correspondents are kept per person. */
export const MAX_RECENTS = 50;
const MAX_FAVOURITES = 500;

async function withEntries(db: D1Database, rows: { address: string; at: number }[]) {
  const entries = await entriesByAddress(
    db,
    rows.map((r) => r.address),
  );
  return rows.map(
    (row): CorrespondentItem => ({
      address: row.address,
      entry: entries.get(row.address.toLowerCase()) ?? null,
      at: new Date(row.at).toISOString(),
    }),
  );
}

/** A person's favourite correspondents, newest first. */
export async function listFavourites(db: D1Database, idNat: string): Promise<CorrespondentItem[]> {
  const { results } = await db
    .prepare(
      'SELECT address, created_at AS at FROM directory_favourites WHERE id_nat = ? ORDER BY created_at DESC, address LIMIT ?',
    )
    .bind(idNat, MAX_FAVOURITES)
    .all<{ address: string; at: number }>();
  return withEntries(db, results);
}

/** Adds a favourite (idempotent). Patient addresses are refused: the directory has none. */
export async function addFavourite(
  db: D1Database,
  idNat: string,
  address: string,
  now = Date.now(),
) {
  if (isOnPatientDomain(address)) return false;
  await db
    .prepare(
      'INSERT INTO directory_favourites (id_nat, address, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    )
    .bind(idNat, address.toLowerCase(), now)
    .run();
  return true;
}

export async function removeFavourite(db: D1Database, idNat: string, address: string) {
  await db
    .prepare('DELETE FROM directory_favourites WHERE id_nat = ? AND address = ?')
    .bind(idNat, address)
    .run();
}

/**
 * Records that a person wrote to these addresses (called when mail is sent). Patient
 * addresses are never kept: they carry a patient identifier. Only the latest
 * {@link MAX_RECENTS} are kept.
 */
export async function noteRecentCorrespondents(
  db: D1Database,
  idNat: string,
  addresses: string[],
  now = Date.now(),
): Promise<void> {
  const kept = [...new Set(addresses.map((a) => a.trim().toLowerCase()))]
    .filter((a) => a.includes('@') && !isOnPatientDomain(a))
    .slice(0, 100);
  if (kept.length === 0) return;
  await db.batch([
    db
      .prepare(
        `INSERT INTO directory_recents (id_nat, address, last_used_at)
         SELECT ?1, value, ?2 FROM json_each(?3) WHERE true
         ON CONFLICT (id_nat, address) DO UPDATE SET last_used_at = excluded.last_used_at,
           uses = directory_recents.uses + 1`,
      )
      .bind(idNat, now, JSON.stringify(kept)),
    db
      .prepare(
        `DELETE FROM directory_recents WHERE id_nat = ?1 AND address NOT IN (
           SELECT address FROM directory_recents WHERE id_nat = ?1
            ORDER BY last_used_at DESC LIMIT ?2)`,
      )
      .bind(idNat, MAX_RECENTS),
  ]);
}

/** A person's recent correspondents, most recent first. */
export async function listRecents(db: D1Database, idNat: string): Promise<CorrespondentItem[]> {
  const { results } = await db
    .prepare(
      'SELECT address, last_used_at AS at FROM directory_recents WHERE id_nat = ? ORDER BY last_used_at DESC, address LIMIT ?',
    )
    .bind(idNat, MAX_RECENTS)
    .all<{ address: string; at: number }>();
  return withEntries(db, results);
}
