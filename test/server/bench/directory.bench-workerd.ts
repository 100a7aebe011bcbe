/**
 * The directory bench, inside workerd (run by `bench/directory.ts` through
 * `bench/directory.vitest.config.ts`, never by `npm test`): imports a generated 100k-row
 * extract with the real importer into D1, imports it again (an unchanged refresh), then
 * times varied searches. Prints one `BENCH_ROWS <json>` line.
 */
import { env } from 'cloudflare:workers';
import { it } from 'vitest';
import { config } from '../../../server/config.ts';
import { importExtract } from '../../../server/directory/importer.ts';
import { searchDirectory } from '../../../server/directory/search.ts';
import { generateExtract } from '../../../shared/directory/generator.ts';

/** 100k by default; `BENCH_DIRECTORY_ROWS=550000 npm run bench` for the size of the real file. */
const ROWS =
  Number((env as unknown as { BENCH_DIRECTORY_ROWS?: string }).BENCH_DIRECTORY_ROWS) || 100_000;

/**
 * The generated extract as a byte stream, produced as it is read (never whole in memory);
 * every 331st line is kept to build the queries.
 */
function extractStream(sample: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const lines = generateExtract({ count: ROWS, seed: 99 });
  let n = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const batch: string[] = [];
      for (let next = lines.next(); !next.done; next = lines.next()) {
        if (n++ % 331 === 1) sample.push(next.value);
        batch.push(next.value);
        if (batch.length === 2000) break;
      }
      if (batch.length === 0) return controller.close();
      controller.enqueue(encoder.encode(`${batch.join('\n')}\n`));
    },
  });
}

function queries(sample: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < 350 && i < sample.length * 2; i++) {
    const f = (sample[i % sample.length] ?? '').split('|');
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
  const sample: string[] = [];
  const operatorDomains = config(env).operatorDomains;
  let start = performance.now();
  const stats = await importExtract(env.DB, extractStream(sample), { operatorDomains });
  const importMs = performance.now() - start;
  start = performance.now();
  await importExtract(env.DB, extractStream([]), { operatorDomains });
  const againMs = performance.now() - start;
  const times: number[] = [];
  let empty = 0;
  for (const q of queries(sample)) {
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
      metric: `search p50 (${times.length} varied queries, ${ROWS / 1000}k rows)`,
      value: round(percentile(times, 0.5)),
      unit: 'ms',
    },
    { metric: 'search p95', value: round(percentile(times, 0.95)), unit: 'ms' },
    { metric: 'queries without a result (should be 0)', value: empty, unit: 'queries' },
  ];
  // biome-ignore lint/suspicious/noConsole: the figures reach bench/directory.ts through stdout.
  console.log(`BENCH_ROWS ${JSON.stringify(rows)}`);
});
