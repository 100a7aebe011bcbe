import { RETENTION, retentionCutoff, utcDay } from '../../shared/account/retention.ts';

/**
 * Applies every retention rule of the privacy policy at `now` (the daily job):
 * - identification data of a deleted BAL and of a deleted person: one year after deletion;
 * - functional traces: ten years after their BAL's deletion (traces of no BAL: ten years);
 * - technical traces (imports, rate limits, login round trips, dev outbox): one year;
 * - per-user statistics: three months (the anonymous daily totals stay).
 * Messages are erased when the BAL is deleted, not here. Idempotent.
 */
export async function applyRetention(db: D1Database, now: number): Promise<void> {
  const identity = retentionCutoff(now, RETENTION.identity);
  const traces = retentionCutoff(now, RETENTION.functionalTraces);
  const technical = retentionCutoff(now, RETENTION.technicalTraces);
  const statistics = utcDay(retentionCutoff(now, RETENTION.perUserStatistics));

  // BALs deleted more than a year ago: their rows and what hangs on them.
  const oldBals = `SELECT id FROM bals WHERE deleted_at IS NOT NULL AND deleted_at <= ?1`;
  // Persons deleted more than a year ago.
  const oldPersons = `SELECT id_nat FROM persons WHERE deleted_at IS NOT NULL AND deleted_at <= ?1`;
  const personTables = [
    'credentials',
    'person_contacts',
    'psc_profiles',
    'cgu_acceptances',
    'notice_preferences',
    'newsletter_subscriptions',
    'directory_favourites',
    'directory_recents',
    'sessions',
    'device_tokens',
    'email_verifications',
    'login_challenges',
  ];
  await db.batch([
    db.prepare(`DELETE FROM delegations WHERE bal_id IN (${oldBals})`).bind(identity),
    db.prepare(`DELETE FROM bal_directory_choices WHERE bal_id IN (${oldBals})`).bind(identity),
    db.prepare(`DELETE FROM notice_state WHERE bal_id IN (${oldBals})`).bind(identity),
    db.prepare(`DELETE FROM bals WHERE id IN (${oldBals})`).bind(identity),
    db.prepare(`DELETE FROM delegations WHERE delegate_id_nat IN (${oldPersons})`).bind(identity),
    ...personTables.map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE id_nat IN (${oldPersons})`).bind(identity),
    ),
    // A person is erased once no BAL row of theirs remains (their BALs' year is over too).
    db
      .prepare(
        `DELETE FROM persons WHERE id_nat IN (${oldPersons})
           AND NOT EXISTS (SELECT 1 FROM bals b WHERE b.holder_id_nat = persons.id_nat)
           AND NOT EXISTS (SELECT 1 FROM delegations d WHERE d.delegate_id_nat = persons.id_nat)`,
      )
      .bind(identity),
    db
      .prepare(
        `DELETE FROM traces WHERE bal_id IN (SELECT bal_id FROM bal_tombstones WHERE deleted_at <= ?)`,
      )
      .bind(traces),
    db.prepare('DELETE FROM traces WHERE bal_id IS NULL AND at <= ?').bind(traces),
    db.prepare('DELETE FROM bal_tombstones WHERE deleted_at <= ?').bind(traces),
    db.prepare('DELETE FROM directory_imports WHERE started_at <= ?').bind(technical),
    db.prepare('DELETE FROM rate_limits WHERE window_start <= ?').bind(technical),
    db.prepare('DELETE FROM psc_login_states WHERE created_at <= ?').bind(technical),
    db.prepare('DELETE FROM dev_outbox WHERE created_at <= ?').bind(technical),
    db.prepare('DELETE FROM usage_per_user WHERE day <= ?').bind(statistics),
  ]);
}
