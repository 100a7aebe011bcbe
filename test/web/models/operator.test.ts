import { describe, expect, it } from 'vitest';
import {
  csvReasonText,
  defaultPeriod,
  frenchDay,
  localToIso,
  statsRows,
} from '../../../web/src/models/operator.ts';

describe('statsRows', () => {
  it('sums the actions of every kind and keeps the other totals by name', () => {
    const rows = statsRows([
      {
        day: '2026-11-20',
        metrics: {
          active_users: 12,
          'actions:login': 30,
          'actions:mail_sent': 7,
          bals_live: 40,
          delegations_live: 3,
        },
      },
    ]);
    expect(rows).toEqual([
      { day: '2026-11-20', activeUsers: 12, actions: 37, balsLive: 40, delegationsLive: 3 },
    ]);
  });

  it('leaves a figure the day does not have empty rather than zero', () => {
    const [row] = statsRows([{ day: '2026-11-21', metrics: { active_users: 0 } }]);
    expect(row).toEqual({
      day: '2026-11-21',
      activeUsers: 0,
      actions: null,
      balsLive: null,
      delegationsLive: null,
    });
  });
});

describe('the console’s small conversions', () => {
  it('names each reason a CSV row is refused in French, and an unknown one as it is', () => {
    expect(csvReasonText('invalid_email')).toBe('adresse électronique invalide');
    expect(csvReasonText('missing_field')).toContain('champ obligatoire manquant');
    expect(csvReasonText('something_new')).toBe('something_new');
  });

  it('writes a day the French way', () => {
    expect(frenchDay('2026-11-05')).toBe('05/11/2026');
  });

  it('offers the 30 days up to today as the default period', () => {
    expect(defaultPeriod(Date.parse('2026-11-22T10:00:00Z'))).toEqual({
      from: '2026-10-24',
      to: '2026-11-22',
    });
  });

  it('turns a local date-time field into an ISO timestamp, and an empty one into nothing', () => {
    const local = '2026-11-22T08:30';
    expect(localToIso(local)).toBe(new Date(2026, 10, 22, 8, 30).toISOString());
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('not a date')).toBeUndefined();
  });
});
