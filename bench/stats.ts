/**
 * The statistics of `npm run bench`: percentiles of one series and, over several rounds of
 * the same measurement, the median and spread of each round's figure (this machine is
 * shared and noisy: one round proves little).
 */
import type { BenchRow } from './report.ts';

/** How many rounds each latency figure is measured in (`BENCH_ROUNDS`, default 3). */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3) || 3);

/** The p-th quantile (0..1) of ascending numbers: the nearest-rank value. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Runs `run` `count` times in a row; the durations in ms, ascending. */
export async function timed(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/**
 * A latency measured in `ROUNDS` rounds of `count` calls: the p50 and p95 rows, each the
 * median of the rounds' values with their spread (max - min), flagged as HTTP figures
 * when they went through the local stack (the report subtracts the floor from those).
 */
export async function latencyRows(
  metric: string,
  count: number,
  run: (i: number) => Promise<void>,
  options: { http?: boolean } = {},
): Promise<BenchRow[]> {
  const p50s: number[] = [];
  const p95s: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const times = await timed(count, (i) => run(r * count + i));
    p50s.push(percentile(times, 0.5));
    p95s.push(percentile(times, 0.95));
  }
  const row = (suffix: string, values: number[]): BenchRow => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      metric: `${metric} ${suffix}`,
      value: round1(percentile(sorted, 0.5)),
      spread: round1((sorted.at(-1) ?? 0) - (sorted[0] ?? 0)),
      unit: 'ms',
      ...(options.http ? { http: true } : {}),
    };
  };
  return [row('p50', p50s), row('p95', p95s)];
}
