/** A BAL as one person may use it: their own, or one delegated to them. */
export interface AccessibleBal {
  id: string;
  address: string;
  displayName: string;
  holderIdNat: string;
  role: 'holder' | 'delegate';
  quotaBytes: number;
}

interface BalRow {
  id: string;
  address: string;
  display_name: string;
  holder_id_nat: string;
  quota_bytes: number;
  role: 'holder' | 'delegate';
}

const toBal = (row: BalRow): AccessibleBal => ({
  id: row.id,
  address: row.address,
  displayName: row.display_name,
  holderIdNat: row.holder_id_nat,
  role: row.role,
  quotaBytes: row.quota_bytes,
});

const ACCESSIBLE_SQL = `
  SELECT b.id, b.address, b.display_name, b.holder_id_nat, b.quota_bytes, 'holder' AS role
    FROM bals b WHERE b.holder_id_nat = ?1 AND b.deleted_at IS NULL
  UNION ALL
  SELECT b.id, b.address, b.display_name, b.holder_id_nat, b.quota_bytes, 'delegate' AS role
    FROM delegations d JOIN bals b ON b.id = d.bal_id
   WHERE d.delegate_id_nat = ?1 AND d.revoked_at IS NULL AND b.deleted_at IS NULL`;

/** Every BAL a person may work in: their own first, then the delegated ones, by address. */
export async function listAccessibleBals(db: D1Database, idNat: string): Promise<AccessibleBal[]> {
  const { results } = await db
    .prepare(`${ACCESSIBLE_SQL} ORDER BY role DESC, address`)
    .bind(idNat)
    .all<BalRow>();
  return results.map(toBal);
}

/**
 * The BAL if this person may work in it right now (holder, or delegate whose delegation is
 * not revoked), else null. Read on every request: a revocation takes effect at once.
 */
export async function accessibleBal(
  db: D1Database,
  idNat: string,
  balId: string,
): Promise<AccessibleBal | null> {
  const row = await db
    .prepare(`SELECT * FROM (${ACCESSIBLE_SQL}) WHERE id = ?2 LIMIT 1`)
    .bind(idNat, balId)
    .first<BalRow>();
  return row ? toBal(row) : null;
}

/** A live BAL by its address (case-insensitive), or null. */
export async function balByAddress(
  db: D1Database,
  address: string,
): Promise<{ id: string; address: string; holderIdNat: string; quotaBytes: number } | null> {
  const row = await db
    .prepare(
      'SELECT id, address, holder_id_nat, quota_bytes FROM bals WHERE address = ? AND deleted_at IS NULL',
    )
    .bind(address)
    .first<{ id: string; address: string; holder_id_nat: string; quota_bytes: number }>();
  return row
    ? {
        id: row.id,
        address: row.address,
        holderIdNat: row.holder_id_nat,
        quotaBytes: row.quota_bytes,
      }
    : null;
}

/** A BAL's storage quota in bytes (`bals.quota_bytes`), or null for no such BAL. */
export async function balQuotaBytes(db: D1Database, balId: string): Promise<number | null> {
  const row = await db
    .prepare('SELECT quota_bytes FROM bals WHERE id = ?')
    .bind(balId)
    .first<{ quota_bytes: number }>();
  return row?.quota_bytes ?? null;
}
