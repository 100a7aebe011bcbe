import type { ChildProcess } from 'node:child_process';
import { type GatewayInfo, startGateway } from './gateway.ts';
import {
  freePort,
  outputTail,
  projectEnv,
  ROOT,
  run,
  spawnGroup,
  stopGroup,
  waitForHttp,
} from './processes.ts';

const WRANGLER = `${ROOT}node_modules/wrangler/bin/wrangler.js`;

export interface StackOptions {
  /** Port of Pli on 127.0.0.1. */
  port: number;
  /** Local state directory; wrangler's default (.wrangler/state) when absent. */
  persistTo?: string;
  /** Capture the children's output instead of printing it. */
  quiet?: boolean;
  /** Ports of the IMAP/SMTP gateway; free ones when absent (`npm start` passes the defaults). */
  gatewayPorts?: { smtp: number; smtps: number; imap: number; imaps: number };
}

export interface Stack {
  baseUrl: string;
  /** Issuer of the local Pro Santé Connect stand-in (on `localhost`, another site). */
  pscIssuer: string;
  /** The IMAP/SMTP gateway (server/gateway/), on 127.0.0.1. */
  gateway: GatewayInfo;
  stop(): Promise<void>;
}

/** The stand-in's client credentials (development only; production uses a wrangler secret). */
export const PSC_STAND_IN_CLIENT = { id: 'pli-local', secret: 'pli-local-stand-in-secret' };

/**
 * Seeds the demo data. Every step is idempotent, so a seed cut short by a worker reload
 * (wrangler dev restarts the worker when a source file changes: a 503) is simply run again.
 */
async function seed(baseUrl: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const seeded = await fetch(`${baseUrl}/dev/seed`, { method: 'POST' });
    if (seeded.ok) return;
    const body = await seeded.text();
    if (seeded.status !== 503 || attempt >= 3) {
      throw new Error(`seeding failed: ${seeded.status} ${body}`);
    }
  }
}

/**
 * Starts Pli locally: D1 migrations applied, `wrangler dev` on 127.0.0.1, demo data seeded.
 * Used by `npm start` and by the end-to-end tests alike.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const persist = options.persistTo ? ['--persist-to', options.persistTo] : [];
  const baseUrl = `http://127.0.0.1:${options.port}`;
  await run(
    process.execPath,
    [WRANGLER, 'd1', 'migrations', 'apply', 'DB', '--local', ...persist],
    projectEnv({ CI: 'true' }),
  );

  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopGroup(child)));
  };
  const pscPort = await freePort();
  const gatewayPorts = options.gatewayPorts ?? {
    smtp: await freePort(),
    smtps: await freePort(),
    imap: await freePort(),
    imaps: await freePort(),
  };
  let gateway: GatewayInfo | undefined;
  const pscIssuer = `http://localhost:${pscPort}/auth/realms/esante-wallet`;
  try {
    // The local Pro Santé Connect stand-in, on `localhost` (Pli is on 127.0.0.1: another
    // site, as the real provider is), started before Pli so that discovery answers.
    const psc = spawnGroup(
      process.execPath,
      [
        `${ROOT}scripts/psc-stand-in/main.ts`,
        '--port',
        String(pscPort),
        '--pli',
        baseUrl,
        '--client-id',
        PSC_STAND_IN_CLIENT.id,
        '--client-secret',
        PSC_STAND_IN_CLIENT.secret,
      ],
      { quiet: options.quiet, env: projectEnv() },
    );
    children.push(psc);
    try {
      await waitForHttp(`${pscIssuer}/.well-known/wallet-openid-configuration`, psc, 30_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${outputTail(psc)}`);
    }
    const wrangler = spawnGroup(
      process.execPath,
      [
        WRANGLER,
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(options.port),
        '--inspector-port',
        String(await freePort()),
        ...persist,
        '--var',
        `PUBLIC_URL:${baseUrl}`,
        '--var',
        `PSC_ISSUER:${pscIssuer}`,
        '--var',
        `PSC_CLIENT_ID:${PSC_STAND_IN_CLIENT.id}`,
        '--var',
        `PSC_CLIENT_SECRET:${PSC_STAND_IN_CLIENT.secret}`,
        // The autoconfig announces the gateway's ports (the same values it listens on).
        '--var',
        `GATEWAY_SMTP_PORT:${gatewayPorts.smtp}`,
        '--var',
        `GATEWAY_SMTPS_PORT:${gatewayPorts.smtps}`,
        '--var',
        `GATEWAY_IMAP_PORT:${gatewayPorts.imap}`,
        '--var',
        `GATEWAY_IMAPS_PORT:${gatewayPorts.imaps}`,
      ],
      { quiet: options.quiet, env: projectEnv({ CI: 'true' }) },
    );
    children.push(wrangler);
    try {
      await waitForHttp(`${baseUrl}/api/health`, wrangler, 120_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${outputTail(wrangler)}`);
    }
    await seed(baseUrl);
    const started = await startGateway({
      workerUrl: baseUrl,
      ports: gatewayPorts,
      tlsDir: `${options.persistTo ?? `${ROOT}.wrangler`}/gateway-tls`,
      quiet: options.quiet,
    });
    children.push(started.child);
    gateway = started.info;
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pscIssuer, gateway, stop };
}
