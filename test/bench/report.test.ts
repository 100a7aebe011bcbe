import { describe, expect, it } from 'vitest';
import { type Budgets, report, type SuiteRow, unmatchedBudgets } from '../../bench/report.ts';

const rows: SuiteRow[] = [
  { suite: 'mail', metric: 'echo p50', value: 9.1, unit: 'ms', http: true, spread: 0.4 },
  { suite: 'mail', metric: 'list p50', value: 30, unit: 'ms', http: true },
  { suite: 'size', metric: 'bundle', value: 120, unit: 'KiB' },
];
const budgets: Budgets = {
  mail: { 'echo p50': { max: 2, aboveFloor: true }, 'list p50': { max: 12, aboveFloor: true } },
  size: { bundle: { max: 100 } },
};

describe('the bench report', () => {
  it('judges HTTP figures above the floor and others as measured', () => {
    const table = report(rows, budgets, 7.5);
    expect(table.map((r) => [r.figure, r.aboveFloor, r.verdict])).toEqual([
      ['echo p50', 1.6, 'pass'],
      ['list p50', 22.5, 'fail'],
      ['bundle', null, 'fail'],
    ]);
    expect(table[0]?.budget).toBe('≤ floor + 2');
    expect(table[0]?.spread).toBe(0.4);
  });

  it('forbids a budget set above the floor from passing when the floor was not measured', () => {
    expect(report(rows.slice(0, 1), budgets, null)[0]?.verdict).toBe('fail');
  });

  it('names the budgets no figure matched, so a renamed metric cannot pass silently', () => {
    expect(unmatchedBudgets(rows.slice(0, 1), budgets)).toEqual(['mail: list p50', 'size: bundle']);
  });

  it('checks a minimum, such as a delivery rate', () => {
    const rate: SuiteRow = { suite: 'mail', metric: 'rate', value: 79, unit: 'msg/s' };
    expect(report([rate], { mail: { rate: { min: 80 } } }, null)[0]?.verdict).toBe('fail');
  });
});
