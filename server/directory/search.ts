import type { DirectoryResult } from '../../shared/directory/api.ts';
import { parseDirectoryQuery } from '../../shared/directory/query.ts';
import { PATIENT_DOMAIN } from '../../shared/mssante/trust-space.ts';

export interface EntryRow {
  address: string;
  name: string;
  profession: string | null;
  specialty: string | null;
  city: string | null;
  id_nat: string | null;
  postcode: string | null;
  organisation: string | null;
  phone: string | null;
  bal_type: string;
  source: 'annuaire' | 'pli';
}

export const ENTRY_COLUMNS =
  'e.address, e.name, e.profession, e.specialty, e.city, e.id_nat, e.postcode, e.organisation, e.phone, e.bal_type, e.source';

/** Defence in depth: a patient address is never imported, and never returned either. */
export const NOT_PATIENT = `e.address NOT LIKE '%@${PATIENT_DOMAIN}'`;

export const toResult = (row: EntryRow): DirectoryResult => ({
  address: row.address,
  name: row.name,
  profession: row.profession,
  specialty: row.specialty,
  city: row.city,
  idNat: row.id_nat,
  postcode: row.postcode,
  organisation: row.organisation,
  phone: row.phone,
  type: row.bal_type,
  pli: row.source === 'pli',
});

// Column weights of bm25, in the order of directory_fts: names first, then identifiers,
// places, profession and specialty, the address last.
const RANK = 'bm25(directory_fts, 10.0, 8.0, 10.0, 2.0, 2.0, 3.0, 3.0, 6.0, 6.0, 1.0)';

/**
 * Searches the directory: an exact address, or free text over names, profession,
 * specialty, city, postcode, RPPS and idNat; accent- and case-insensitive, every word a
 * prefix, best match first. Never returns a patient address.
 */
export async function searchDirectory(
  db: D1Database,
  text: string,
  limit: number,
): Promise<DirectoryResult[]> {
  const query = parseDirectoryQuery(text);
  if (query.kind === 'none') return [];
  if (query.kind === 'address') {
    const row = await db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM directory_entries e WHERE e.address = ? AND ${NOT_PATIENT}`,
      )
      .bind(query.address)
      .first<EntryRow>();
    return row ? [toResult(row)] : [];
  }
  const { results } = await db
    .prepare(
      `SELECT ${ENTRY_COLUMNS} FROM directory_fts f JOIN directory_entries e ON e.id = f.rowid
        WHERE directory_fts MATCH ?1 AND ${NOT_PATIENT}
        ORDER BY ${RANK} LIMIT ?2`,
    )
    .bind(query.match, limit)
    .all<EntryRow>();
  return results.map(toResult);
}

/** Directory entries by address (for favourites and recents), keyed by lower-case address. */
export async function entriesByAddress(
  db: D1Database,
  addresses: string[],
): Promise<Map<string, DirectoryResult>> {
  if (addresses.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT ${ENTRY_COLUMNS} FROM directory_entries e
        WHERE e.address IN (SELECT value FROM json_each(?)) AND ${NOT_PATIENT}`,
    )
    .bind(JSON.stringify(addresses))
    .all<EntryRow>();
  return new Map(results.map((row) => [row.address.toLowerCase(), toResult(row)]));
}
