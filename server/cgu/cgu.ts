import type { CguPublish, CguStatus } from '../../shared/account/cgu.ts';
import { forgetAccess } from '../auth/access-cache.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { sendExternalEmails } from '../outside/send.ts';

interface CurrentRow {
  version: string;
  title: string;
  body: string;
  published_at: number;
}

interface AcceptanceRow {
  accepted: number;
  any_accepted: number;
  kind: string | null;
}

/** The rule: who accepted an earlier version, or an imported account that never accepted. */
const mustAccept = (row: AcceptanceRow) =>
  row.accepted !== 1 && (row.any_accepted === 1 || row.kind === 'medico_social');

/**
 * Whether a person must accept the current CGU before going on (see cguStatus): the same
 * rule without reading the text, for the gate in front of every request.
 */
export async function mustAcceptCgu(db: D1Database, idNat: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM cgu_acceptances a WHERE a.id_nat = ?1 AND a.version = v.version) AS accepted,
              EXISTS (SELECT 1 FROM cgu_acceptances a WHERE a.id_nat = ?1) AS any_accepted,
              (SELECT kind FROM persons WHERE id_nat = ?1) AS kind
         FROM cgu_versions v ORDER BY v.published_at DESC LIMIT 1`,
    )
    .bind(idNat)
    .first<AcceptanceRow>();
  return row !== null && mustAccept(row);
}

/**
 * Whether a person has accepted the current CGU, and whether they must before going on:
 * anyone who accepted an earlier version (a new one was published since), and imported
 * medico-social accounts that never accepted any.
 */
export async function cguStatus(db: D1Database, idNat: string): Promise<CguStatus> {
  const row = await db
    .prepare(
      `SELECT v.version, v.title, v.body, v.published_at,
              EXISTS (SELECT 1 FROM cgu_acceptances a WHERE a.id_nat = ?1 AND a.version = v.version) AS accepted,
              EXISTS (SELECT 1 FROM cgu_acceptances a WHERE a.id_nat = ?1) AS any_accepted,
              (SELECT kind FROM persons WHERE id_nat = ?1) AS kind
         FROM cgu_versions v ORDER BY v.published_at DESC LIMIT 1`,
    )
    .bind(idNat)
    .first<CurrentRow & AcceptanceRow>();
  if (!row) return { current: null, accepted: true, mustAccept: false };
  const accepted = row.accepted === 1;
  return {
    current: {
      version: row.version,
      title: row.title,
      body: row.body,
      publishedAt: new Date(row.published_at).toISOString(),
    },
    accepted,
    mustAccept: mustAccept(row),
  };
}

/** Records the acceptance of a version (idempotent); false when it is not the current one. */
export async function acceptCgu(db: D1Database, idNat: string, version: string, now = Date.now()) {
  const current = await db
    .prepare('SELECT version FROM cgu_versions ORDER BY published_at DESC LIMIT 1')
    .first<{ version: string }>();
  if (current?.version !== version) return false;
  await db
    .prepare(
      'INSERT OR IGNORE INTO cgu_acceptances (id_nat, version, accepted_at) VALUES (?, ?, ?)',
    )
    .bind(idNat, version, now)
    .run();
  forgetAccess();
  return true;
}

/**
 * Publishes a new CGU version, in force at once: every user must accept it at their next
 * request. The emails that tell them are sent by {@link sendCguNotices}, from the
 * scheduled job, in batches. False when the version exists already.
 */
export async function publishCgu(
  env: Bindings,
  input: CguPublish,
  now = Date.now(),
): Promise<boolean> {
  const inserted = await env.DB.prepare(
    'INSERT OR IGNORE INTO cgu_versions (version, title, body, published_at) VALUES (?, ?, ?, ?)',
  )
    .bind(input.version, input.title, input.body, now)
    .run();
  forgetAccess();
  return inserted.meta.changes > 0;
}

/** Users told per page (one D1 read, one batch of queue sends). */
const NOTICE_PAGE = 500;

/**
 * Tells users of every CGU version not yet announced, by email at their verified external
 * address: at most `budget` users per call, resuming where the last call stopped (a cursor
 * on idNat), so that a user base of any size is covered by successive runs and nobody is
 * told twice.
 */
export async function sendCguNotices(env: Bindings, budget = 10_000, now = Date.now()) {
  const { results: versions } = await env.DB.prepare(
    'SELECT version, notice_cursor FROM cgu_versions WHERE notices_done_at IS NULL ORDER BY published_at',
  ).all<{ version: string; notice_cursor: string | null }>();
  let left = budget;
  for (const { version, notice_cursor } of versions) {
    let after = notice_cursor ?? '';
    while (left > 0) {
      const { results } = await env.DB.prepare(
        `SELECT c.id_nat, c.external_email FROM person_contacts c JOIN persons p ON p.id_nat = c.id_nat
          WHERE c.external_email_verified_at IS NOT NULL AND p.deleted_at IS NULL AND c.id_nat > ?
          ORDER BY c.id_nat LIMIT ?`,
      )
        .bind(after, Math.min(NOTICE_PAGE, left))
        .all<{ id_nat: string; external_email: string }>();
      if (results.length === 0) {
        await env.DB.prepare('UPDATE cgu_versions SET notices_done_at = ? WHERE version = ?')
          .bind(now, version)
          .run();
        break;
      }
      await sendExternalEmails(
        env,
        results.map((person) => ({
          to: person.external_email,
          subject: 'Évolution des conditions générales d’utilisation de Pli',
          text: [
            'Bonjour,',
            '',
            `Les conditions générales d’utilisation de Pli évoluent (version ${version}).`,
            'Vous serez invité à les accepter lors de votre prochaine connexion.',
            '',
            `${config(env).publicUrl}/`,
          ].join('\n'),
        })),
      );
      after = results[results.length - 1]?.id_nat ?? after;
      left -= results.length;
      await env.DB.prepare('UPDATE cgu_versions SET notice_cursor = ? WHERE version = ?')
        .bind(after, version)
        .run();
    }
    if (left <= 0) return;
  }
}
