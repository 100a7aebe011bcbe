import type { PscIdentity } from '../psc/claims.ts';

/** A person as the identity API shows them. */
export interface Person {
  idNat: string;
  givenName: string;
  familyName: string;
  professionCode: string | null;
  kind: 'practitioner' | 'medico_social' | 'operator';
}

interface PersonRow {
  id_nat: string;
  given_name: string;
  family_name: string;
  profession_code: string | null;
  kind: Person['kind'];
}

export async function readPerson(db: D1Database, idNat: string): Promise<Person | null> {
  const row = await db
    .prepare('SELECT * FROM persons WHERE id_nat = ? AND deleted_at IS NULL')
    .bind(idNat)
    .first<PersonRow>();
  return row
    ? {
        idNat: row.id_nat,
        givenName: row.given_name,
        familyName: row.family_name,
        professionCode: row.profession_code,
        kind: row.kind,
      }
    : null;
}

/**
 * Records what PSC says of a person at login: names and profession from the card data,
 * and the practices (professional data only) for the onboarding to read.
 */
export async function upsertPscPerson(db: D1Database, identity: PscIdentity, now = Date.now()) {
  const first = identity.exercices[0];
  await db.batch([
    db
      .prepare(
        `INSERT INTO persons (id_nat, given_name, family_name, profession_code, specialty_code, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (id_nat) DO UPDATE SET given_name = excluded.given_name,
           family_name = excluded.family_name,
           profession_code = COALESCE(excluded.profession_code, persons.profession_code),
           specialty_code = COALESCE(excluded.specialty_code, persons.specialty_code),
           updated_at = excluded.updated_at`,
      )
      .bind(
        identity.idNat,
        identity.givenName || first?.prenomDexercice || '',
        identity.familyName || first?.nomDexercice || '',
        first?.codeProfession ?? null,
        first?.codeSavoirFaire ?? null,
        now,
      ),
    db
      .prepare(
        `INSERT INTO psc_profiles (id_nat, exercices, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (id_nat) DO UPDATE SET exercices = excluded.exercices, updated_at = excluded.updated_at`,
      )
      .bind(identity.idNat, JSON.stringify(identity.exercices), now),
  ]);
}

/** The practices PSC reported at the person's last login (empty: none, or never via PSC). */
export async function pscExercices(
  db: D1Database,
  idNat: string,
): Promise<PscIdentity['exercices']> {
  const row = await db
    .prepare('SELECT exercices FROM psc_profiles WHERE id_nat = ?')
    .bind(idNat)
    .first<{ exercices: string }>();
  return row ? (JSON.parse(row.exercices) as PscIdentity['exercices']) : [];
}

/**
 * Who logs in with an identifier: the holder of a live BAL with that address, else the
 * one person whose verified personal email it is (a delegate without a BAL of their own).
 */
export async function loginIdentity(db: D1Database, identifier: string): Promise<string | null> {
  const bal = await db
    .prepare(
      `SELECT b.holder_id_nat AS id_nat FROM bals b JOIN persons p ON p.id_nat = b.holder_id_nat
        WHERE b.address = ? AND b.deleted_at IS NULL AND p.deleted_at IS NULL`,
    )
    .bind(identifier)
    .first<{ id_nat: string }>();
  if (bal) return bal.id_nat;
  // An email shared by several people identifies no one.
  const { results } = await db
    .prepare(
      `SELECT c.id_nat FROM person_contacts c JOIN persons p ON p.id_nat = c.id_nat
        WHERE c.external_email = ? COLLATE NOCASE AND c.external_email_verified_at IS NOT NULL
          AND p.deleted_at IS NULL LIMIT 2`,
    )
    .bind(identifier)
    .all<{ id_nat: string }>();
  return results.length === 1 ? (results[0]?.id_nat ?? null) : null;
}
