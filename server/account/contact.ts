/** A person's contacts outside the trust space, as given at onboarding or in the settings. */
export interface ExternalContact {
  /** The verified non-MSSanté email address, or null. */
  email: string | null;
  /** The mobile number, or null. */
  mobile: string | null;
}

/**
 * The external contacts of a person, read from the identity feature's `person_contacts`.
 * An email address counts only once verified.
 */
export async function externalContact(db: D1Database, idNat: string): Promise<ExternalContact> {
  const row = await db
    .prepare(
      'SELECT external_email, external_email_verified_at, mobile FROM person_contacts WHERE id_nat = ?',
    )
    .bind(idNat)
    .first<{
      external_email: string | null;
      external_email_verified_at: number | null;
      mobile: string | null;
    }>();
  return {
    email: row?.external_email && row.external_email_verified_at ? row.external_email : null,
    mobile: row?.mobile ?? null,
  };
}
