/**
 * The directory bench, inside workerd (run by `bench/directory.ts` through
 * `bench/directory.vitest.config.ts`, never by `npm test`): imports a generated 100k-row
 * extract with the real importer into D1, imports it again (an unchanged refresh), then
 * times varied searches. Prints one `BENCH_ROWS <json>` line.
 */
import { env } from 'cloudflare:workers';
import { it } from 'vitest';
import { importExtract } from '../../../server/directory/importer.ts';
import { searchDirectory } from '../../../server/directory/search.ts';
import { generateExtract } from '../../../shared/directory/generator.ts';

const ROWS = 100_000;

function extractStream(lines: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i >= lines.length) return controller.close();
      controller.enqueue(encoder.encode(`${lines.slice(i, i + 2000).join('\n')}\n`));
      i += 2000;
    },
  });
}

function queries(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; out.length < 350; i += 331) {
    const f = (lines[i % lines.length] ?? '').split('|');
    if (f[0] !== 'PER') continue;
    const city = (f[27] ?? '').replace(/^\d{5}\s*/, '');
    out.push(
      `${f[10]} ${f[9]}`,
      (f[9] ?? '').slice(0, 3),
      `${(f[10] ?? '').slice(0, 4)} ${(f[9] ?? '').slice(0, 2)}`.toLowerCase(),
      `${f[14]} ${city}`,
      `${f[9]} ${f[28]}`,
      f[3] ?? '',
      f[1] ?? '',
    );
  }
  return out;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

it('measures the directory', async () => {
  const lines = [...generateExtract({ count: ROWS, seed: 99 })];
  const operatorDomains = env.OPERATOR_DOMAINS.split(',');
  let start = performance.now();
  const stats = await importExtract(env.DB, extractStream(lines), { operatorDomains });
  const importMs = performance.now() - start;
  start = performance.now();
  await importExtract(env.DB, extractStream(lines), { operatorDomains });
  const againMs = performance.now() - start;
  const times: number[] = [];
  let empty = 0;
  for (const q of queries(lines)) {
    const t = performance.now();
    const results = await searchDirectory(env.DB, q, 20);
    times.push(performance.now() - t);
    if (results.length === 0) empty += 1;
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const rows = [
    {
      metric: `import of a generated ${ROWS / 1000}k-row extract (workerd, local D1)`,
      value: Math.round(importMs),
      unit: 'ms',
    },
    { metric: 'rows added by that import', value: stats.added, unit: 'rows' },
    {
      metric: 'same extract again (unchanged daily refresh)',
      value: Math.round(againMs),
      unit: 'ms',
    },
    {
      metric: `search p50 (${times.length} varied queries, 100k rows)`,
      value: round(percentile(times, 0.5)),
      unit: 'ms',
    },
    { metric: 'search p95', value: round(percentile(times, 0.95)), unit: 'ms' },
    { metric: 'queries without a result (should be 0)', value: empty, unit: 'queries' },
  ];
  // biome-ignore lint/suspicious/noConsole: the figures reach bench/directory.ts through stdout.
  console.log(`BENCH_ROWS ${JSON.stringify(rows)}`);
});
