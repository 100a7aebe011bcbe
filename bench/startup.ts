import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import { FLOOR_METRIC } from './report.ts';
import { latencyRows } from './stats.ts';
import type { BenchSuite } from './suites.ts';

const get = (url: string) => async () => {
  const response = await fetch(url);
  await response.arrayBuffer();
};

/** Local stack start (migrations, wrangler dev, seed) and request latency on loopback. */
export const startupSuite: BenchSuite = {
  name: 'local stack',
  async run() {
    const state = mkdtempSync(join(tmpdir(), 'pli-bench-'));
    const started = performance.now();
    const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
    const startMs = performance.now() - started;
    try {
      // The floor: a path no route serves, answered 404 by the Worker itself.
      const floor = await latencyRows(
        FLOOR_METRIC.replace(/ p50$/, ''),
        200,
        get(`${stack.baseUrl}/bench-floor-unknown-path`),
        {},
      );
      return [
        {
          metric: 'cold start to healthy (migrate, dev, seed)',
          value: Math.round(startMs),
          unit: 'ms',
        },
        ...floor,
        ...(await latencyRows('GET /api/health', 200, get(`${stack.baseUrl}/api/health`), {
          http: true,
        })),
        ...(await latencyRows('GET / (PWA shell)', 200, get(`${stack.baseUrl}/`), { http: true })),
      ];
    } finally {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
