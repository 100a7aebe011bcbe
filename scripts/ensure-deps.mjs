// Installs the dependencies when they are missing or older than package.json / the
// lockfile. Plain JavaScript that runs on any Node >= 18: on a fresh machine this is the
// one step that runs before the Node 22 of node_modules/.bin exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const newest = Math.max(
  ...['package.json', 'package-lock.json'].filter(existsSync).map((f) => statSync(f).mtimeMs),
);
if (!existsSync(marker) || statSync(marker).mtimeMs < newest) {
  console.log('Installing dependencies (npm install)…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// The calling shell may already have resolved `node` to the machine's older Node: the next
// step is therefore a nested `npm run`, whose fresh shell finds node_modules/.bin/node.
