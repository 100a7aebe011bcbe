import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  dueCutoff,
  goesAt,
  monthsAfter,
  RETENTION_WARNING_MS,
  RetentionMonthsSchema,
  retentionLabel,
  warningCutoff,
} from '../../../shared/rules/folder-retention.ts';

const since = Date.UTC(2026, 0, 10);
const policy = { months: 6, since };

describe('folder retention', () => {
  it('lets nothing go during the week after a retention is set, then mail older than its months', () => {
    expect(dueCutoff(policy, since + RETENTION_WARNING_MS - 1)).toBeNull();
    expect(dueCutoff(policy, Date.UTC(2026, 6, 20))).toBe(Date.UTC(2026, 0, 20));
  });

  it('announces a message a week before it goes, and never before the warning week ends', () => {
    expect(warningCutoff(policy, Date.UTC(2026, 6, 20))).toBe(Date.UTC(2026, 0, 27));
    // Already old when the retention was set: goes when the warning week ends.
    expect(goesAt(policy, Date.UTC(2025, 0, 1))).toBe(since + RETENTION_WARNING_MS);
    expect(goesAt(policy, Date.UTC(2026, 2, 3))).toBe(Date.UTC(2026, 8, 3));
  });

  it('counts calendar months, a month-end day clamped to the shorter month', () => {
    expect(monthsAfter(Date.UTC(2026, 7, 31), 6)).toBe(Date.UTC(2027, 1, 28));
    expect(monthsAfter(Date.UTC(2026, 0, 15, 9), 12)).toBe(Date.UTC(2027, 0, 15, 9));
  });

  it('offers only its periods, named in French', () => {
    expect(v.is(RetentionMonthsSchema, 6)).toBe(true);
    expect(v.is(RetentionMonthsSchema, null)).toBe(true);
    expect(v.is(RetentionMonthsSchema, 7)).toBe(false);
    expect([3, 12, 24, 120].map(retentionLabel)).toEqual(['3 mois', '1 an', '2 ans', '10 ans']);
  });
});
