import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { GatewayInfo } from '../../scripts/lib/gateway.ts';
import { freePort } from '../../scripts/lib/processes.ts';
import { type Stack, startStack } from '../../scripts/lib/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The IMAP/SMTP gateway started with the stack. */
    gateway: GatewayInfo;
  }
}

let stack: Stack | undefined;
let state: string | undefined;

/** Starts a fresh Pli (its own local state, a free port) for the end-to-end tests. */
export async function setup(project: TestProject) {
  state = mkdtempSync(join(tmpdir(), 'pli-e2e-'));
  stack = await startStack({
    port: await freePort(),
    persistTo: state,
    quiet: process.env.PLI_E2E_LOGS !== '1',
  });
  project.provide('baseUrl', stack.baseUrl);
  project.provide('gateway', stack.gateway);
}

export async function teardown() {
  await stack?.stop();
  if (state) rmSync(state, { recursive: true, force: true });
}
