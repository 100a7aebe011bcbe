/** A person's personal contact data (the non-MSSanté email, the mobile). */
export interface Contacts {
  email: string | null;
  emailVerified: boolean;
  mobile: string | null;
}

export async function readContacts(db: D1Database, idNat: string): Promise<Contacts> {
  const row = await db.prepare('SELECT * FROM person_contacts WHERE id_nat = ?').bind(idNat).first<{
    external_email: string | null;
    external_email_verified_at: number | null;
    mobile: string | null;
  }>();
  return {
    email: row?.external_email ?? null,
    emailVerified: Boolean(row?.external_email_verified_at),
    mobile: row?.mobile ?? null,
  };
}

/** Records a verified personal email. */
export async function storeVerifiedEmail(
  db: D1Database,
  idNat: string,
  email: string,
  now = Date.now(),
) {
  await db
    .prepare(
      `INSERT INTO person_contacts (id_nat, external_email, external_email_verified_at, updated_at)
       VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (id_nat) DO UPDATE SET external_email = excluded.external_email,
         external_email_verified_at = excluded.external_email_verified_at, updated_at = excluded.updated_at`,
    )
    .bind(idNat, email, now)
    .run();
}

/** Records (or clears) the mobile number. */
export async function storeMobile(
  db: D1Database,
  idNat: string,
  mobile: string | null,
  now = Date.now(),
) {
  await db
    .prepare(
      `INSERT INTO person_contacts (id_nat, mobile, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (id_nat) DO UPDATE SET mobile = excluded.mobile, updated_at = excluded.updated_at`,
    )
    .bind(idNat, mobile, now)
    .run();
}
