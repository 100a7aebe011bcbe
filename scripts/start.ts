/**
 * `npm start`: builds the PWA, then runs Pli locally on the embedded default (local D1, R2,
 * Durable Objects and queues under .wrangler/state, demo data) until Ctrl-C.
 */
import { GATEWAY_DEFAULT_PORTS } from '../shared/gateway.ts';
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
const stack = await startStack({
  port,
  gatewayPorts: { ...GATEWAY_DEFAULT_PORTS },
});

/** The demo logins, as `GET /dev/accounts` lists them. */
async function demoLogins(): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/dev/accounts`);
  const { accounts } = (await response.json()) as {
    accounts: { address: string | null; password: string | null }[];
  };
  return accounts
    .filter((account) => account.password && account.address)
    .map((account) => `  ${(account.address ?? '').padEnd(44)} ${account.password}`)
    .join('\n');
}

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
  Dev accounts   ${stack.baseUrl}/dev/accounts
  PSC stand-in   ${stack.pscIssuer}   (cartes CPS de test)
  SMTP (mail clients, application password from "Mes appareils"):
                 ${stack.gateway.host}:${stack.gateway.smtp} STARTTLS, ${stack.gateway.host}:${stack.gateway.smtps} TLS
                 certificate (development, self-signed): ${stack.gateway.certPath}
  IMAP           ${stack.gateway.host}:${stack.gateway.imap} STARTTLS, ${stack.gateway.host}:${stack.gateway.imaps} TLS

Demo logins (address + password, then the code from the dev outbox):
${await demoLogins()}
Or "Se connecter avec Pro Santé Connect" and pick a test card (first login: onboarding).

Press Ctrl-C to stop.
`);
