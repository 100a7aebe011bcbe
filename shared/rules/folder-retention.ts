/**
 * Per-folder retention ("conservation"): a folder may keep its mail for N months only.
 * Mail older than that goes to the Corbeille (in the Corbeille itself: deleted for good),
 * never without a warning first: every message is announced at least `warningDays` before
 * it goes, so setting or shortening a retention never removes anything at once. The one
 * source of the rule for the mailbox's Durable Object (the sweep, the warning it reports)
 * and the webmail (the choices offered, the warning shown).
 *
 * Under the capability `urn:pli:params:jmap:filingrules`, `Mailbox` has two more
 * properties: `retentionMonths` (number or null, settable) and `retentionWarning` (server
 * set: null, or `{ count, from }`: how many messages of the folder go within the warning
 * period, and the UTCDate from which the first of them may go).
 *
 * @example
 * const policy = { months: 6, since: Date.UTC(2026, 0, 1) };
 * dueCutoff(policy, Date.UTC(2026, 6, 1)); // Date.UTC(2026, 0, 1): mail received by then goes
 * warningCutoff(policy, Date.UTC(2026, 6, 1)); // the same, a week later
 */
import * as v from 'valibot';

export const FOLDER_RETENTION = {
  /** The periods offered, in months. */
  choices: [1, 3, 6, 12, 24, 60, 120],
  /** Every message is announced at least this long before it goes. */
  warningDays: 7,
  /** How often the mailbox sweeps its folders while one of them has a retention. */
  sweepEveryMs: 6 * 60 * 60 * 1000,
  /** At most this many messages go per folder and sweep (the next sweep takes the rest). */
  sweepBatch: 500,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
export const RETENTION_WARNING_MS = FOLDER_RETENTION.warningDays * DAY_MS;

/** A folder's retention as `Mailbox/set` takes it: null (keep everything) or months. */
export const RetentionMonthsSchema = v.nullable(
  v.picklist(FOLDER_RETENTION.choices, 'Une durée de conservation proposée, ou aucune.'),
);

export interface RetentionPolicy {
  months: number;
  /** When the retention was set (or last changed). */
  since: number;
}

/** `at` minus `months` calendar months (UTC; the day clamped to the month's length). */
function monthsBefore(at: number, months: number): number {
  const date = new Date(at);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.getTime();
}

/** `at` plus `months` calendar months (UTC; the day clamped to the month's length). */
export function monthsAfter(at: number, months: number): number {
  return monthsBefore(at, -months);
}

/**
 * Mail received at or before this instant goes at `now`; null while the warning period
 * that follows setting the retention runs (nothing goes before everyone was warned).
 */
export function dueCutoff(policy: RetentionPolicy, now: number): number | null {
  if (now < policy.since + RETENTION_WARNING_MS) return null;
  return monthsBefore(now, policy.months);
}

/** Mail received at or before this instant is announced at `now`: it goes within the warning period. */
export function warningCutoff(policy: RetentionPolicy, now: number): number {
  return monthsBefore(now + RETENTION_WARNING_MS, policy.months);
}

/** When a message received at `receivedAt` goes: its age reached, and never before its warning. */
export function goesAt(policy: RetentionPolicy, receivedAt: number): number {
  return Math.max(monthsAfter(receivedAt, policy.months), policy.since + RETENTION_WARNING_MS);
}

/** The French name of a retention choice: « 6 mois », « 1 an », « 10 ans ». */
export function retentionLabel(months: number): string {
  if (months % 12 === 0) return months === 12 ? '1 an' : `${months / 12} ans`;
  return `${months} mois`;
}
