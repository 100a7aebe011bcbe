/**
 * The retention periods of the privacy policy, as pure date arithmetic (UTC calendar).
 *
 * @example
 * retentionCutoff(Date.UTC(2027, 5, 1), RETENTION.identity); // Date.UTC(2026, 5, 1)
 */
export const RETENTION = {
  /** Identification and professional data: one year after the BAL's deletion. */
  identity: { years: 1 },
  /** Functional traces: ten years after the BAL's deletion. */
  functionalTraces: { years: 10 },
  /** Technical traces: one year. */
  technicalTraces: { years: 1 },
  /** Per-user statistics: three months, then only anonymous totals remain. */
  perUserStatistics: { months: 3 },
} as const;

export interface Period {
  years?: number;
  months?: number;
}

/**
 * The instant before which (inclusive) data of this period is due for purge at `now`:
 * `now` minus the period, in calendar years and months.
 */
export function retentionCutoff(now: number, period: Period): number {
  const date = new Date(now);
  date.setUTCFullYear(date.getUTCFullYear() - (period.years ?? 0));
  date.setUTCMonth(date.getUTCMonth() - (period.months ?? 0));
  return date.getTime();
}

/** `YYYY-MM-DD` of an instant (UTC). */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
