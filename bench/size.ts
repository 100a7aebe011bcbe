import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectEnv, ROOT, run } from '../scripts/lib/processes.ts';
import type { BenchSuite } from './suites.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function gzipKiB(paths: string[]): number {
  const bytes = paths.reduce((sum, path) => sum + gzipSync(readFileSync(path)).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

/** Bundle sizes: the PWA's JavaScript, the Worker, the extension zips. */
export const sizeSuite: BenchSuite = {
  name: 'size',
  async run() {
    const node = process.execPath;
    await run(node, [
      `${ROOT}node_modules/vite/bin/vite.js`,
      'build',
      '--config',
      'web/vite.config.ts',
    ]);
    const pwaJs = files(`${ROOT}web/dist/assets`).filter((f) => f.endsWith('.js'));
    // First load: the chunks index.html loads (its module script and modulepreloads), not
    // those imported on demand (workbox-window, the device pairing screen).
    const html = readFileSync(`${ROOT}web/dist/index.html`, 'utf8');
    const firstLoadJs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map(
      (match) => `${ROOT}web/dist/${match[1]}`,
    );

    const workerDir = `${ROOT}.cache/bench-worker`;
    await run(
      node,
      [
        `${ROOT}node_modules/wrangler/bin/wrangler.js`,
        'deploy',
        '--dry-run',
        '--outdir',
        workerDir,
      ],
      projectEnv({ CI: 'true' }),
    );
    const workerJs = files(workerDir).filter((f) => f.endsWith('.js'));

    const wxt = `${ROOT}node_modules/wxt/bin/wxt.mjs`;
    await run(node, [wxt, 'zip', 'extension']);
    await run(node, [wxt, 'zip', 'extension', '-b', 'firefox', '--mv3']);
    const zips = files(`${ROOT}extension/.output`).filter((f) => f.endsWith('.zip'));
    const zipKiB = (browser: string) => {
      const zip = zips.find((f) => f.includes(`pli-${browser}-`) && !f.includes('sources'));
      return zip ? Math.round(statSync(zip).size / 102.4) / 10 : 0;
    };

    return [
      { metric: 'PWA JavaScript, all chunks (gzip)', value: gzipKiB(pwaJs), unit: 'KiB' },
      { metric: 'PWA JavaScript, first load (gzip)', value: gzipKiB(firstLoadJs), unit: 'KiB' },
      { metric: 'Worker bundle (gzip)', value: gzipKiB(workerJs), unit: 'KiB' },
      { metric: 'Extension zip (Chrome MV3)', value: zipKiB('chrome'), unit: 'KiB' },
      { metric: 'Extension zip (Firefox MV3)', value: zipKiB('firefox'), unit: 'KiB' },
    ];
  },
};
