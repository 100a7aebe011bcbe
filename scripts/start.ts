/**
 * `npm start`: builds the PWA, then runs Pli locally on the embedded default (local D1, R2,
 * Durable Objects and queues under .wrangler/state, demo data) until Ctrl-C.
 */
import { projectEnv, run } from './lib/processes.ts';
import { startStack } from './lib/stack.ts';

const port = Number(process.env.PORT ?? 8787);

console.log('Building the web app…');
await run(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts'],
  projectEnv(),
);

console.log('Starting Pli (wrangler dev)…');
const stack = await startStack({ port });

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Pli…');
  await stack.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

console.log(`
Pli is running.
  Webmail        ${stack.baseUrl}/
  Health         ${stack.baseUrl}/api/health
  Dev outbox     ${stack.baseUrl}/dev/outbox   (emails and SMS the service would have sent)

Press Ctrl-C to stop.
`);
