import { type ChildProcess, spawn } from 'node:child_process';
import { projectEnv, ROOT } from './processes.ts';

export interface GatewayInfo {
  host: string;
  /** SMTP submission with STARTTLS. */
  smtp: number;
  /** SMTP submission over implicit TLS. */
  smtps: number;
  /** IMAP with STARTTLS. */
  imap: number;
  /** IMAP over implicit TLS. */
  imaps: number;
  /** The development certificate (PEM), for clients that should trust it. */
  certPath: string;
}

/**
 * Starts the IMAP/SMTP gateway (server/gateway/main.ts) in its own process group, in
 * development mode, as a client of the Worker at `workerUrl`; resolves once it listens.
 */
export function startGateway(options: {
  workerUrl: string;
  ports: { smtp: number; smtps: number; imap: number; imaps: number };
  tlsDir: string;
  quiet?: boolean;
}): Promise<{ child: ChildProcess; info: GatewayInfo }> {
  const child = spawn(process.execPath, [`${ROOT}server/gateway/main.ts`], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', options.quiet ? 'pipe' : 'inherit'],
    env: projectEnv({
      GATEWAY_ENV: 'development',
      GATEWAY_WORKER_URL: options.workerUrl,
      GATEWAY_LISTEN_HOST: '127.0.0.1',
      GATEWAY_SMTP_PORT: String(options.ports.smtp),
      GATEWAY_SMTPS_PORT: String(options.ports.smtps),
      GATEWAY_IMAP_PORT: String(options.ports.imap),
      GATEWAY_IMAPS_PORT: String(options.ports.imaps),
      GATEWAY_TLS_CERT: `${options.tlsDir}/cert.pem`,
      GATEWAY_TLS_KEY: `${options.tlsDir}/key.pem`,
    }),
  });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    errors.push(chunk.toString());
    errors.splice(0, Math.max(0, errors.length - 40));
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let ready = false;
    const timer = setTimeout(() => reject(new Error('the gateway did not start in 30 s')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (ready) {
        if (!options.quiet) process.stdout.write(chunk);
        return;
      }
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith('{"ready":true'));
      if (!line) return;
      ready = true;
      clearTimeout(timer);
      const { host, smtp, smtps, imap, imaps, certPath } = JSON.parse(line) as GatewayInfo;
      resolve({ child, info: { host, smtp, smtps, imap, imaps, certPath } });
    });
    child.on('exit', (code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${code}\n${errors.join('')}`));
    });
  });
}
