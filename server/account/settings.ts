import type { AccountSettings } from '../../shared/account/settings.ts';
import { readContacts } from '../auth/contacts.ts';
import { readCredentials } from '../auth/credentials.ts';
import { noticePreferences } from '../notices/preferences.ts';

/** Whether a person subscribed to the newsletter (not by default). */
export async function newsletterSubscribed(db: D1Database, idNat: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT subscribed FROM newsletter_subscriptions WHERE id_nat = ?')
    .bind(idNat)
    .first<{ subscribed: number }>();
  return row?.subscribed === 1;
}

export async function setNewsletter(
  db: D1Database,
  idNat: string,
  subscribed: boolean,
  now = Date.now(),
) {
  await db
    .prepare(
      `INSERT INTO newsletter_subscriptions (id_nat, subscribed, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (id_nat) DO UPDATE SET subscribed = excluded.subscribed, updated_at = excluded.updated_at`,
    )
    .bind(idNat, subscribed ? 1 : 0, now)
    .run();
}

/** Stores the directory choices of a BAL. */
export async function setDirectoryChoices(
  db: D1Database,
  balId: string,
  choices: { listeRouge: boolean; publishPhone: boolean },
  now = Date.now(),
) {
  await db
    .prepare(
      `INSERT INTO bal_directory_choices (bal_id, liste_rouge, publish_phone, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (bal_id) DO UPDATE SET liste_rouge = excluded.liste_rouge,
         publish_phone = excluded.publish_phone, updated_at = excluded.updated_at`,
    )
    .bind(balId, choices.listeRouge ? 1 : 0, choices.publishPhone ? 1 : 0, now)
    .run();
}

/** Everything the settings page shows. */
export async function readSettings(db: D1Database, idNat: string): Promise<AccountSettings> {
  const [contacts, credentials, notices, newsletter] = await Promise.all([
    readContacts(db, idNat),
    readCredentials(db, idNat),
    noticePreferences(db, idNat),
    newsletterSubscribed(db, idNat),
  ]);
  const { results: bals } = await db
    .prepare(
      `SELECT b.id, b.address, COALESCE(c.liste_rouge, 0) AS liste_rouge, COALESCE(c.publish_phone, 0) AS publish_phone
         FROM bals b LEFT JOIN bal_directory_choices c ON c.bal_id = b.id
        WHERE b.holder_id_nat = ? AND b.deleted_at IS NULL ORDER BY b.address`,
    )
    .bind(idNat)
    .all<{ id: string; address: string; liste_rouge: number; publish_phone: number }>();
  const { results: accepted } = await db
    .prepare(
      `SELECT a.version, v.title, a.accepted_at FROM cgu_acceptances a
         JOIN cgu_versions v ON v.version = a.version WHERE a.id_nat = ? ORDER BY a.accepted_at DESC`,
    )
    .bind(idNat)
    .all<{ version: string; title: string; accepted_at: number }>();
  const current = await db
    .prepare('SELECT version FROM cgu_versions ORDER BY published_at DESC LIMIT 1')
    .first<{ version: string }>();
  return {
    email: { address: contacts.email, verified: contacts.emailVerified },
    mobile: contacts.mobile,
    newsletter,
    notices,
    totp: { enabled: credentials.totpSecret !== null },
    directory: bals.map((b) => ({
      balId: b.id,
      address: b.address,
      listeRouge: b.liste_rouge === 1,
      publishPhone: b.publish_phone === 1,
    })),
    cgu: {
      current: current?.version ?? null,
      accepted: accepted.map((a) => ({
        version: a.version,
        title: a.title,
        acceptedAt: new Date(a.accepted_at).toISOString(),
      })),
    },
  };
}
