import { isIP } from 'node:net';
import * as v from 'valibot';
import { GATEWAY_DEFAULT_PORTS } from '../../shared/gateway.ts';

/** A TCP port given as a string; `0` lets the system pick one (tests). */
const PORT = (fallback: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^\d{1,5}$/, 'not a port number'),
      v.transform(Number),
      v.maxValue(65535, 'not a port number'),
    ),
    String(fallback),
  );

const Schema = v.object({
  GATEWAY_ENV: v.optional(v.picklist(['development', 'production']), 'production'),
  GATEWAY_WORKER_URL: v.pipe(
    v.string(),
    v.url('not a URL'),
    v.transform((url) => url.replace(/\/+$/, '')),
  ),
  GATEWAY_LISTEN_HOST: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1)), '127.0.0.1'),
  GATEWAY_HOSTNAME: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1))),
  GATEWAY_SMTP_PORT: PORT(GATEWAY_DEFAULT_PORTS.smtp),
  GATEWAY_SMTPS_PORT: PORT(GATEWAY_DEFAULT_PORTS.smtps),
  GATEWAY_IMAP_PORT: PORT(GATEWAY_DEFAULT_PORTS.imap),
  GATEWAY_IMAPS_PORT: PORT(GATEWAY_DEFAULT_PORTS.imaps),
  GATEWAY_TLS_CERT: v.optional(v.pipe(v.string(), v.minLength(1))),
  GATEWAY_TLS_KEY: v.optional(v.pipe(v.string(), v.minLength(1))),
});

/** The gateway's configuration, read once from the environment. */
export interface GatewayConfig {
  /** `development` generates a certificate when none exists and allows plaintext AUTH on loopback. */
  development: boolean;
  /** The Worker's origin, e.g. `https://pli.example.fr` (the gateway is its JMAP client). */
  workerUrl: string;
  /** The address the listeners bind to (`127.0.0.1` by default). */
  listenHost: string;
  /** The name in the greeting and EHLO (default: the Worker URL's host). */
  hostname: string;
  ports: { smtp: number; smtps: number; imap: number; imaps: number };
  /**
   * PEM files of the certificate (chain) and key. Required in production; in development,
   * generated there when missing (default `.wrangler/gateway-tls/`).
   */
  tls: { certPath: string; keyPath: string; provided: boolean };
  /**
   * Whether AUTH may run before TLS: only in development with the listeners on a loopback
   * address, so that no password ever crosses a network in the clear.
   */
  plaintextAuth: boolean;
}

/** Whether an address is a loopback one (127/8, ::1, IPv4-mapped 127/8). */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.')) || a === 'localhost';
}

/**
 * Parses the environment; an invalid value throws, naming the variable (never its value).
 *
 * @example
 * const config = readGatewayConfig({ GATEWAY_WORKER_URL: 'http://127.0.0.1:8787' });
 */
export function readGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = v.safeParse(Schema, {
    ...Object.fromEntries(
      Object.keys(Schema.entries).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
    ),
  });
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
    throw new Error(`invalid gateway configuration: ${problems.join('; ')}`);
  }
  const o = parsed.output;
  const development = o.GATEWAY_ENV === 'development';
  const provided = o.GATEWAY_TLS_CERT !== undefined && o.GATEWAY_TLS_KEY !== undefined;
  if (!development && !provided) {
    throw new Error(
      'invalid gateway configuration: GATEWAY_TLS_CERT and GATEWAY_TLS_KEY are required in production',
    );
  }
  return {
    development,
    workerUrl: o.GATEWAY_WORKER_URL,
    listenHost: o.GATEWAY_LISTEN_HOST,
    hostname: o.GATEWAY_HOSTNAME ?? new URL(o.GATEWAY_WORKER_URL).hostname,
    ports: {
      smtp: o.GATEWAY_SMTP_PORT,
      smtps: o.GATEWAY_SMTPS_PORT,
      imap: o.GATEWAY_IMAP_PORT,
      imaps: o.GATEWAY_IMAPS_PORT,
    },
    tls: {
      certPath: o.GATEWAY_TLS_CERT ?? '.wrangler/gateway-tls/cert.pem',
      keyPath: o.GATEWAY_TLS_KEY ?? '.wrangler/gateway-tls/key.pem',
      provided,
    },
    plaintextAuth: development && isLoopback(o.GATEWAY_LISTEN_HOST),
  };
}
