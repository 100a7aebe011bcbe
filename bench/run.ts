/**
 * `npm run bench`: the speed and size figures of Pli, printed as a table and written to
 * bench/results/latest.json. Each suite measures one concern; none asserts: the figures
 * are reported, and compared with the targets by a person.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ROOT } from '../scripts/lib/processes.ts';
import { SUITES } from './suites.ts';

const rows: { suite: string; metric: string; value: number; unit: string }[] = [];
for (const suite of SUITES) {
  console.log(`… ${suite.name}`);
  for (const row of await suite.run()) rows.push({ suite: suite.name, ...row });
}
console.table(rows);
mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(
  `${ROOT}bench/results/latest.json`,
  `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`,
);
