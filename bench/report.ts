/**
 * The verdict of a bench run: each figure against its budget in `bench/budgets.json`.
 * HTTP figures are also given above the floor (what a request the Worker answers with a
 * 404 costs through `wrangler dev`'s local proxy), and a budget may be set on that part.
 */
/** One figure of a suite. */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** Max - min of the value over the rounds it was measured in. */
  spread?: number;
  /** Measured through the local stack's HTTP: also reported above the floor. */
  http?: boolean;
}

/** A budget: a bound on the figure, or on the figure above the floor. */
export interface Budget {
  max?: number;
  min?: number;
  /** The bound applies to the figure minus the floor. */
  aboveFloor?: boolean;
  /** Where the budget comes from (an issue, a target). */
  source?: string;
}

/** `{ suite: { metric: budget } }`, as in `bench/budgets.json`. */
export type Budgets = Record<string, Record<string, Budget>>;

export type SuiteRow = BenchRow & { suite: string };

export interface ReportRow {
  suite: string;
  figure: string;
  value: number;
  spread: number | null;
  unit: string;
  aboveFloor: number | null;
  budget: string;
  verdict: 'pass' | 'fail' | '';
}

/** The floor row's metric in the `local stack` suite. */
export const FLOOR_METRIC = 'floor: GET of an unknown path (Worker 404) p50';

const describe = (b: Budget) =>
  [
    b.min !== undefined ? `≥ ${b.min}` : '',
    b.max !== undefined ? `≤ ${b.aboveFloor ? `floor + ${b.max}` : b.max}` : '',
  ]
    .filter(Boolean)
    .join(' ');

/**
 * Each row with its figure above the floor and its verdict.
 *
 * @example
 * report([{ suite: 'mail', metric: 'x p50', value: 9.5, unit: 'ms', http: true }],
 *   { mail: { 'x p50': { max: 2, aboveFloor: true } } }, 7.5)[0]?.verdict; // 'pass'
 */
export function report(rows: SuiteRow[], budgets: Budgets, floor: number | null): ReportRow[] {
  return rows.map((row) => {
    const aboveFloor =
      row.http && floor !== null ? Math.round((row.value - floor) * 10) / 10 : null;
    const budget = budgets[row.suite]?.[row.metric];
    let verdict: ReportRow['verdict'] = '';
    if (budget) {
      const measured = budget.aboveFloor ? aboveFloor : row.value;
      const ok =
        measured !== null &&
        (budget.max === undefined || measured <= budget.max) &&
        (budget.min === undefined || measured >= budget.min);
      verdict = ok ? 'pass' : 'fail';
    }
    return {
      suite: row.suite,
      figure: row.metric,
      value: row.value,
      spread: row.spread ?? null,
      unit: row.unit,
      aboveFloor,
      budget: budget ? describe(budget) : '',
      verdict,
    };
  });
}

/** Budgets naming a figure no suite measured: a renamed metric must not pass silently. */
export function unmatchedBudgets(rows: SuiteRow[], budgets: Budgets): string[] {
  const measured = new Set(rows.map((r) => `${r.suite}\u0000${r.metric}`));
  return Object.entries(budgets).flatMap(([suite, metrics]) =>
    Object.keys(metrics)
      .filter((metric) => !measured.has(`${suite}\u0000${metric}`))
      .map((metric) => `${suite}: ${metric}`),
  );
}
