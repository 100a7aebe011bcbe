/**
 * `npm run bench [suite...]`: the speed and size figures of Pli against the budgets in
 * bench/budgets.json, printed as one table (figure, value, spread, above floor, budget,
 * verdict) and written to bench/results/<date>.json. Exits 1 when a budget is missed.
 * Suites may be named to run only those (e.g. `npm run bench -- mail`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ROOT } from '../scripts/lib/processes.ts';
import { type Budgets, FLOOR_METRIC, report, type SuiteRow, unmatchedBudgets } from './report.ts';
import { SUITES } from './suites.ts';

const only = process.argv.slice(2);
const suites = only.length ? SUITES.filter((s) => only.includes(s.name)) : SUITES;
const budgets = JSON.parse(readFileSync(`${ROOT}bench/budgets.json`, 'utf8')) as Budgets;

const rows: SuiteRow[] = [];
for (const suite of suites) {
  console.log(`… ${suite.name}`);
  for (const row of await suite.run()) rows.push({ suite: suite.name, ...row });
}
const floor = rows.find((r) => r.metric === FLOOR_METRIC)?.value ?? null;
const table = report(rows, budgets, floor);
console.table(
  table.map((r) => ({
    figure: `${r.suite}: ${r.figure}`,
    value: `${r.value} ${r.unit}`,
    spread: r.spread ?? '',
    'above floor': r.aboveFloor ?? '',
    budget: r.budget,
    verdict: r.verdict,
  })),
);
const failed = table.filter((r) => r.verdict === 'fail').length;
const passed = table.filter((r) => r.verdict === 'pass').length;
const missing = only.length ? [] : unmatchedBudgets(rows, budgets);
console.log(
  `budgets: ${passed} pass, ${failed} fail${floor === null ? '' : `; floor ${floor} ms`}`,
);
for (const name of missing) console.log(`budget without a figure: ${name}`);

const date = new Date().toISOString();
mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(
  `${ROOT}bench/results/${date.slice(0, 10)}.json`,
  `${JSON.stringify({ date, floor, suites: suites.map((s) => s.name), rows: table }, null, 2)}\n`,
);
if (failed > 0 || missing.length > 0) process.exitCode = 1;
