import { professionLabel, specialtyLabel } from '../../shared/directory/codes.ts';

/**
 * Pli's own BALs in the directory, kept current from Pli's data: every live BAL whose
 * holder did not choose the liste rouge, with the mobile only when they allowed its
 * publication. A red-listed or deleted BAL leaves the directory at the next sync.
 */

interface PliBalRow {
  address: string;
  bal_type: string;
  display_name: string;
  id_nat: string;
  given_name: string;
  family_name: string;
  profession_code: string | null;
  specialty_code: string | null;
  phone: string | null;
  exercices: string | null;
}

const LIVE_PUBLISHED = `
  FROM bals b JOIN persons p ON p.id_nat = b.holder_id_nat
  LEFT JOIN bal_directory_choices c ON c.bal_id = b.id
  LEFT JOIN person_contacts pc ON pc.id_nat = b.holder_id_nat
  LEFT JOIN psc_profiles pp ON pp.id_nat = b.holder_id_nat
  WHERE b.deleted_at IS NULL AND p.deleted_at IS NULL AND COALESCE(c.liste_rouge, 0) = 0`;

const SELECT_SQL = `
  SELECT b.id, b.address, b.type AS bal_type, b.display_name, p.id_nat, p.given_name, p.family_name,
         p.profession_code, p.specialty_code,
         CASE WHEN c.publish_phone = 1 THEN pc.mobile END AS phone, pp.exercices
  ${LIVE_PUBLISHED}`;

/** Where the holder practises, from the first activity Pro Santé Connect reported. */
function placeOf(exercices: string | null): { postcode: string | null; city: string | null } {
  try {
    const first = (
      JSON.parse(exercices ?? '[]') as { activities?: Record<string, string | null>[] }[]
    )[0];
    const activity = first?.activities?.[0] ?? {};
    const postcode = activity.codePostalCoordStructure ?? null;
    const line = activity.bureauCedexCoordStructure ?? null;
    const city = line?.replace(/^\s*\d{5}\s*/, '').trim() || null;
    return { postcode, city };
  } catch {
    return { postcode: null, city: null };
  }
}

function toJsonRow(row: PliBalRow): unknown[] {
  const { postcode, city } = placeOf(row.exercices);
  const person = `${row.given_name} ${row.family_name}`.trim();
  const values = [
    row.address.toLowerCase(),
    row.bal_type,
    row.id_nat,
    row.id_nat.startsWith('8') ? row.id_nat.slice(1) : null,
    row.given_name || null,
    row.family_name || null,
    person || row.display_name,
    row.profession_code,
    professionLabel(row.profession_code),
    row.specialty_code,
    specialtyLabel(row.specialty_code),
    postcode,
    city,
    row.phone,
  ];
  return [...values, JSON.stringify(values)];
}

const UPSERT_SQL = `
  INSERT INTO directory_entries (address, bal_type, id_nat, rpps, given_name, family_name, name,
    profession_code, profession, specialty_code, specialty, postcode, city, phone, row_hash,
    source, updated_at)
  SELECT ${Array.from({ length: 15 }, (_, i) => `json_extract(value, '$[${i}]')`).join(', ')},
         'pli', ?2
    FROM json_each(?1) WHERE true
  ON CONFLICT (address) DO UPDATE SET bal_type = excluded.bal_type, id_nat = excluded.id_nat,
    rpps = excluded.rpps, given_name = excluded.given_name, family_name = excluded.family_name,
    name = excluded.name, profession_code = excluded.profession_code,
    profession = excluded.profession, specialty_code = excluded.specialty_code,
    specialty = excluded.specialty, postcode = excluded.postcode, city = excluded.city,
    phone = excluded.phone, row_hash = excluded.row_hash, source = 'pli', civility = NULL,
    organisation = NULL, street = NULL, department = NULL, updated_at = excluded.updated_at
  WHERE directory_entries.row_hash IS NOT excluded.row_hash OR directory_entries.source <> 'pli'`;

async function upsert(db: D1Database, rows: PliBalRow[], now: number) {
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200).map(toJsonRow);
    await db.prepare(UPSERT_SQL).bind(JSON.stringify(chunk), now).run();
  }
}

/** Publishes one BAL as it is now, or withdraws it (red-listed, deleted, unknown). */
export async function publishPliBal(
  db: D1Database,
  balId: string,
  now = Date.now(),
): Promise<void> {
  const { results } = await db.prepare(`${SELECT_SQL} AND b.id = ?`).bind(balId).all<PliBalRow>();
  if (results.length > 0) return upsert(db, results, now);
  await db
    .prepare(
      "DELETE FROM directory_entries WHERE source = 'pli' AND address = (SELECT address FROM bals WHERE id = ?)",
    )
    .bind(balId)
    .run();
}

/** Brings every Pli BAL of the directory up to date: publishes, updates and withdraws. */
export async function syncPliBals(db: D1Database, now = Date.now()): Promise<void> {
  await db
    .prepare(
      `DELETE FROM directory_entries WHERE source = 'pli'
          AND address NOT IN (SELECT b.address ${LIVE_PUBLISHED})`,
    )
    .run();
  // Keyset pages, so that memory stays bounded however many BALs Pli hosts.
  let after = '';
  for (;;) {
    const { results } = await db
      .prepare(`${SELECT_SQL} AND b.id > ? ORDER BY b.id LIMIT 1000`)
      .bind(after)
      .all<PliBalRow & { id: string }>();
    if (results.length === 0) return;
    await upsert(db, results, now);
    after = results[results.length - 1]?.id ?? after;
  }
}
