import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import type { BenchSuite } from './suites.ts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function latencies(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** Local stack start (migrations, wrangler dev, seed) and request latency on loopback. */
export const startupSuite: BenchSuite = {
  name: 'local stack',
  async run() {
    const state = mkdtempSync(join(tmpdir(), 'pli-bench-'));
    const started = performance.now();
    const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
    const startMs = performance.now() - started;
    try {
      const health = await latencies(`${stack.baseUrl}/api/health`, 200);
      const shell = await latencies(`${stack.baseUrl}/`, 200);
      const round = (n: number) => Math.round(n * 10) / 10;
      return [
        {
          metric: 'cold start to healthy (migrate, dev, seed)',
          value: Math.round(startMs),
          unit: 'ms',
        },
        { metric: 'GET /api/health p50', value: round(percentile(health, 0.5)), unit: 'ms' },
        { metric: 'GET /api/health p95', value: round(percentile(health, 0.95)), unit: 'ms' },
        { metric: 'GET / (PWA shell) p50', value: round(percentile(shell, 0.5)), unit: 'ms' },
        { metric: 'GET / (PWA shell) p95', value: round(percentile(shell, 0.95)), unit: 'ms' },
      ];
    } finally {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
