import { spawn } from 'node:child_process';
import { projectEnv, ROOT } from '../scripts/lib/processes.ts';
import type { BenchRow, BenchSuite } from './suites.ts';

/**
 * The directory, measured inside workerd with local D1 (the same runtime and importer as
 * production): import time of a generated 100k-row extract, an unchanged refresh, and
 * search latency (p50/p95) over varied queries. Runs `test/server/bench/` through its own
 * vitest config and reads the `BENCH_ROWS` line it prints.
 */
export const directorySuite: BenchSuite = {
  name: 'directory',
  run() {
    return new Promise<BenchRow[]>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          `${ROOT}node_modules/vitest/vitest.mjs`,
          'run',
          '--config',
          'bench/directory.vitest.config.ts',
        ],
        { cwd: ROOT, env: projectEnv({ CI: 'true' }), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('exit', (code) => {
        const line = output.split('\n').find((l) => l.includes('BENCH_ROWS '));
        if (code !== 0 || !line) {
          reject(new Error(`directory bench failed (${code}):\n${output.slice(-3000)}`));
          return;
        }
        resolve(JSON.parse(line.slice(line.indexOf('BENCH_ROWS ') + 11)) as BenchRow[]);
      });
    });
  },
};
