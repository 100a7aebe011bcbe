/**
 * Runs the outside JMAP conformance suite (github.com/jmapio/jmap-test-suite, built with
 * `tsc` in its own folder) against a fresh local Pli: its own state, demo data, device
 * tokens for two demo persons. The primary user is Dr Martin, made Dr Benali's delegate
 * first (two mail accounts: the cross-account copy tests run); the secondary, for
 * submissions, is Dr Benali. The suite empties Dr Martin's BAL of its demo mail first.
 *
 *   npm run conformance -- /path/to/jmap-test-suite [--filter 'email/*'] [-o report.json]
 *
 * Not part of `npm test`: the suite is not an npm package and CI has no network. The
 * figures it printed last are in server/jmap/CONTEXT.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_IDENTITIES } from '../server/dev/demo-identities.ts';
import { demoDeviceToken } from './lib/dev-login.ts';
import { freePort } from './lib/processes.ts';
import { startStack } from './lib/stack.ts';

const [suite, ...passed] = process.argv.slice(2);
if (!suite) {
  console.error('usage: npm run conformance -- <path to a built jmap-test-suite> [suite options]');
  process.exit(2);
}
const person = (givenName: string) => {
  const found = DEMO_IDENTITIES.find((p) => p.givenName === givenName);
  if (!found) throw new Error(`no demo person ${givenName}`);
  return found.idNat;
};

const state = mkdtempSync(join(tmpdir(), 'pli-conformance-'));
const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
let status = 2;
try {
  const primary = await demoDeviceToken(stack.baseUrl, person('Claire'), 'Conformité JMAP');
  const secondary = await demoDeviceToken(stack.baseUrl, person('Karim'), 'Conformité JMAP');
  // Dr Benali makes Dr Martin his delegate (by RPPS: the idNat without its leading 8).
  const delegated = await fetch(`${stack.baseUrl}/api/delegations`, {
    method: 'POST',
    headers: {
      Cookie: secondary.cookie,
      'X-CSRF-Token': secondary.csrf,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ bal: secondary.address, idNat: person('Claire').slice(1) }),
  });
  if (delegated.status !== 201) throw new Error(`delegation: ${delegated.status}`);
  const config = join(state, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      sessionUrl: `${stack.baseUrl}/.well-known/jmap`,
      serverInfo: 'Pli (local)',
      users: {
        primary: { username: primary.address, password: primary.token },
        secondary: { username: secondary.address, password: secondary.token },
      },
      authMethod: 'bearer',
      timeout: 30_000,
    }),
  );
  const run = spawnSync(
    process.execPath,
    [join(resolve(suite), 'dist/cli.js'), '-c', config, '-f', ...passed],
    { stdio: 'inherit' },
  );
  status = run.status ?? 2;
} finally {
  await stack.stop();
  rmSync(state, { recursive: true, force: true });
}
process.exit(status);
