import { env } from 'cloudflare:workers';

/** The external contacts of a person (verified email by default). */
export async function makeContact(
  idNat: string,
  contact: { email?: string | null; mobile?: string | null; verified?: boolean } = {},
) {
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO person_contacts (id_nat, external_email, external_email_verified_at, mobile, updated_at)
     VALUES (?, ?, ?, ?, ?)`,
  )
    .bind(
      idNat,
      contact.email ?? null,
      contact.email && contact.verified !== false ? now : null,
      contact.mobile ?? null,
      now,
    )
    .run();
}

/** The directory choices of a BAL. */
export async function makeDirectoryChoices(
  balId: string,
  choices: { listeRouge?: boolean; publishPhone?: boolean } = {},
) {
  await env.DB.prepare(
    `INSERT INTO bal_directory_choices (bal_id, liste_rouge, publish_phone, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (bal_id) DO UPDATE SET liste_rouge = excluded.liste_rouge,
       publish_phone = excluded.publish_phone, updated_at = excluded.updated_at`,
  )
    .bind(balId, choices.listeRouge ? 1 : 0, choices.publishPhone ? 1 : 0, Date.now())
    .run();
}

/** Makes a person an operator of the service. */
export async function makeOperator(idNat: string) {
  await env.DB.prepare("UPDATE persons SET kind = 'operator' WHERE id_nat = ?").bind(idNat).run();
}
