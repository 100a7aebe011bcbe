import { describe, expect, it } from 'vitest';
import { RETENTION, retentionCutoff, utcDay } from '../../../shared/account/retention.ts';

describe('retentionCutoff', () => {
  it('goes back calendar years and months', () => {
    const now = Date.UTC(2027, 5, 1, 3);
    expect(retentionCutoff(now, RETENTION.identity)).toBe(Date.UTC(2026, 5, 1, 3));
    expect(retentionCutoff(now, RETENTION.functionalTraces)).toBe(Date.UTC(2017, 5, 1, 3));
    expect(utcDay(retentionCutoff(now, RETENTION.perUserStatistics))).toBe('2027-03-01');
  });
});
