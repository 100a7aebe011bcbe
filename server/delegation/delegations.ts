import type { DelegationItem } from '../../shared/delegation/api.ts';
import { forgetAccess } from '../auth/access-cache.ts';

interface DelegationRow {
  id: string;
  bal_id: string;
  address: string;
  holder_id_nat: string;
  delegate_id_nat: string;
  given_name: string;
  family_name: string;
  created_at: number;
}

const SELECT = `
  SELECT d.id, d.bal_id, b.address, b.holder_id_nat, d.delegate_id_nat, p.given_name, p.family_name,
         d.created_at
    FROM delegations d JOIN bals b ON b.id = d.bal_id JOIN persons p ON p.id_nat = d.delegate_id_nat
   WHERE d.revoked_at IS NULL AND b.deleted_at IS NULL`;

const toItem = (row: DelegationRow): DelegationItem => ({
  id: row.id,
  balId: row.bal_id,
  balAddress: row.address,
  holderIdNat: row.holder_id_nat,
  delegateIdNat: row.delegate_id_nat,
  delegateName: `${row.given_name} ${row.family_name}`.trim(),
  createdAt: new Date(row.created_at).toISOString(),
});

/** The live delegations of a BAL, oldest first. */
export async function listBalDelegations(db: D1Database, balId: string): Promise<DelegationItem[]> {
  const { results } = await db
    .prepare(`${SELECT} AND d.bal_id = ? ORDER BY d.created_at, d.id`)
    .bind(balId)
    .all<DelegationRow>();
  return results.map(toItem);
}

/** The live delegations given to a person. */
export async function listDelegationsTo(db: D1Database, idNat: string): Promise<DelegationItem[]> {
  const { results } = await db
    .prepare(`${SELECT} AND d.delegate_id_nat = ? ORDER BY b.address`)
    .bind(idNat)
    .all<DelegationRow>();
  return results.map(toItem);
}

/** One live delegation by id, or null. */
export async function readDelegation(db: D1Database, id: string): Promise<DelegationItem | null> {
  const row = await db.prepare(`${SELECT} AND d.id = ?`).bind(id).first<DelegationRow>();
  return row ? toItem(row) : null;
}

/**
 * The delegate as a person of Pli: an existing person, or one made from their directory
 * entry (they will sign in with Pro Santé Connect under this idNat). Null when the idNat
 * is neither a person nor a professional of the directory.
 */
export async function ensureDelegatePerson(
  db: D1Database,
  idNat: string,
  now = Date.now(),
): Promise<{ idNat: string; name: string } | null> {
  const person = await db
    .prepare('SELECT given_name, family_name FROM persons WHERE id_nat = ? AND deleted_at IS NULL')
    .bind(idNat)
    .first<{ given_name: string; family_name: string }>();
  if (person) return { idNat, name: `${person.given_name} ${person.family_name}`.trim() };
  const entry = await db
    .prepare(
      `SELECT given_name, family_name, profession_code, specialty_code FROM directory_entries
        WHERE id_nat = ? AND bal_type = 'PER' AND given_name IS NOT NULL LIMIT 1`,
    )
    .bind(idNat)
    .first<{
      given_name: string;
      family_name: string | null;
      profession_code: string | null;
      specialty_code: string | null;
    }>();
  if (!entry) return null;
  const created = await db
    .prepare(
      `INSERT INTO persons (id_nat, given_name, family_name, profession_code, specialty_code, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (id_nat) DO NOTHING`,
    )
    .bind(
      idNat,
      entry.given_name,
      entry.family_name ?? '',
      entry.profession_code,
      entry.specialty_code,
      now,
    )
    .run();
  if (created.meta.changes === 0) return null; // a deleted person keeps their idNat: not reused
  return { idNat, name: `${entry.given_name} ${entry.family_name ?? ''}`.trim() };
}

/** Creates a live delegation; null when this person already has one on this BAL. */
export async function createDelegation(
  db: D1Database,
  input: { balId: string; delegateIdNat: string; byIdNat: string },
  now = Date.now(),
): Promise<string | null> {
  const id = crypto.randomUUID();
  const result = await db
    .prepare(
      `INSERT INTO delegations (id, bal_id, delegate_id_nat, created_by_id_nat, created_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(id, input.balId, input.delegateIdNat, input.byIdNat, now)
    .run();
  forgetAccess();
  return result.meta.changes > 0 ? id : null;
}

/** Ends a delegation at once: the next request of the delegate no longer reaches the BAL. */
export async function revokeDelegation(
  db: D1Database,
  id: string,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .prepare('UPDATE delegations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
    .bind(now, id)
    .run();
  forgetAccess();
  return result.meta.changes > 0;
}
