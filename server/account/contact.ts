/** A person's contacts outside the trust space, as verified at onboarding. */
export interface ExternalContact {
  /** The verified non-MSSanté email address, or null. */
  email: string | null;
  /** The mobile number (E.164), or null. */
  mobile: string | null;
}

/**
 * The external contacts of a person. They live in the identity feature's onboarding data;
 * until that data exists for a person, they have none and receive no notice.
 */
export async function externalContact(db: D1Database, idNat: string): Promise<ExternalContact> {
  void db;
  void idNat;
  return { email: null, mobile: null };
}
