import * as v from 'valibot';
import { GATEWAY_DEFAULT_PORTS } from '../shared/gateway.ts';
import { parseOperatorDomains } from '../shared/mssante/trust-space.ts';
import type { Bindings } from './env.ts';
import { decodeKey, P256DH_LENGTH, type VapidKeys } from './push/web-push.ts';

/** Default minimum time between two new-mail notices of one BAL. */
export const DEFAULT_NOTICE_INTERVAL_MINUTES = 15;

/** One DNS name: dot-separated labels of letters, digits and inner hyphens. */
const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/** A TCP port number given as a string. */
const PORT = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^\d{1,5}$/, 'not a port number'),
    v.transform(Number),
    v.integer(),
    v.minValue(1, 'not a port number'),
    v.maxValue(65535, 'not a port number'),
  ),
);

const ConfigSchema = v.object({
  OPERATOR_DOMAINS: v.pipe(
    v.string(),
    v.transform(parseOperatorDomains),
    v.minLength(1, 'at least one operator domain is required'),
    v.check((domains) => domains.every((d) => DOMAIN.test(d)), 'not a list of domain names'),
  ),
  PUBLIC_URL: v.pipe(
    v.string(),
    v.url('not a URL'),
    v.transform((url) => url.replace(/\/+$/, '')),
  ),
  NOTICE_INTERVAL_MINUTES: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^\d+$/, 'not a whole number of minutes'),
      v.transform(Number),
    ),
  ),
  GATEWAY_PUBLIC_HOST: v.optional(
    v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(DOMAIN, 'not a host name')),
  ),
  GATEWAY_SMTP_PORT: PORT,
  GATEWAY_SMTPS_PORT: PORT,
  GATEWAY_IMAP_PORT: PORT,
  GATEWAY_IMAPS_PORT: PORT,
  VAPID_PUBLIC_KEY: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((k) => decodeKey(k, P256DH_LENGTH)?.[0] === 4, 'not an uncompressed P-256 point'),
    ),
  ),
  VAPID_PRIVATE_KEY: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((k) => decodeKey(k, 32) !== null, 'not a 32-byte base64url key'),
    ),
  ),
  VAPID_SUBJECT: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, 'not a mailto: or https: URL'),
    ),
  ),
});

/** The configuration of the Worker: its environment values, parsed and validated once. */
export interface Config {
  /** `OPERATOR_DOMAINS`: trimmed, lower case, never empty. */
  operatorDomains: readonly string[];
  /** The first operator domain: where new addresses (and Pli's own senders) live. */
  firstOperatorDomain: string;
  /** `PUBLIC_URL` without a trailing slash, e.g. `https://pli.example.fr`. */
  publicUrl: string;
  /** `NOTICE_INTERVAL_MINUTES`, default 15. */
  noticeIntervalMinutes: number;
  /**
   * Where mail clients reach the IMAP/SMTP gateway (server/gateway/), as the autoconfig
   * tells them: `GATEWAY_PUBLIC_HOST` (default: the host of `PUBLIC_URL`),
   * `GATEWAY_SMTP_PORT`, `GATEWAY_SMTPS_PORT`, `GATEWAY_IMAP_PORT` and `GATEWAY_IMAPS_PORT`
   * (defaults in shared/gateway.ts), the same variables the gateway listens on.
   */
  mailAccess: {
    host: string;
    smtpPort: number;
    smtpsPort: number;
    imapPort: number;
    imapsPort: number;
  };
  /**
   * Web Push (server/push/): the VAPID pair of `VAPID_PUBLIC_KEY` and `VAPID_PRIVATE_KEY`
   * (both or neither), `sub` from `VAPID_SUBJECT` (default `PUBLIC_URL` when https, else
   * `mailto:postmaster@<first operator domain>`); null when the pair is not set: then no
   * subscription may carry `keys`.
   */
  webPush: VapidKeys | null;
}

const cache = new WeakMap<Bindings, Config>();

/**
 * The configuration of an environment, parsed on first use and cached for that env object.
 * An invalid value throws, naming the variable (never its value): a misconfigured
 * deployment fails loudly instead of running on a half-read setting.
 *
 * @example
 * config({ ...env, OPERATOR_DOMAINS: 'a.fr, B.fr' }).operatorDomains; // ['a.fr', 'b.fr']
 */
export function config(env: Bindings): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = v.safeParse(ConfigSchema, {
    OPERATOR_DOMAINS: env.OPERATOR_DOMAINS,
    PUBLIC_URL: env.PUBLIC_URL,
    NOTICE_INTERVAL_MINUTES: env.NOTICE_INTERVAL_MINUTES || undefined,
    GATEWAY_PUBLIC_HOST: env.GATEWAY_PUBLIC_HOST || undefined,
    GATEWAY_SMTP_PORT: env.GATEWAY_SMTP_PORT || undefined,
    GATEWAY_SMTPS_PORT: env.GATEWAY_SMTPS_PORT || undefined,
    GATEWAY_IMAP_PORT: env.GATEWAY_IMAP_PORT || undefined,
    GATEWAY_IMAPS_PORT: env.GATEWAY_IMAPS_PORT || undefined,
    VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY || undefined,
    VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY || undefined,
    VAPID_SUBJECT: env.VAPID_SUBJECT || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const { OPERATOR_DOMAINS, PUBLIC_URL, NOTICE_INTERVAL_MINUTES } = parsed.output;
  const { GATEWAY_PUBLIC_HOST, GATEWAY_SMTP_PORT, GATEWAY_SMTPS_PORT } = parsed.output;
  const { GATEWAY_IMAP_PORT, GATEWAY_IMAPS_PORT } = parsed.output;
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT } = parsed.output;
  if (!VAPID_PUBLIC_KEY !== !VAPID_PRIVATE_KEY) {
    throw new Error('invalid configuration: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together');
  }
  const result: Config = Object.freeze({
    operatorDomains: Object.freeze(OPERATOR_DOMAINS),
    firstOperatorDomain: OPERATOR_DOMAINS[0] as string,
    publicUrl: PUBLIC_URL,
    noticeIntervalMinutes: NOTICE_INTERVAL_MINUTES ?? DEFAULT_NOTICE_INTERVAL_MINUTES,
    mailAccess: Object.freeze({
      host: GATEWAY_PUBLIC_HOST ?? new URL(PUBLIC_URL).hostname,
      smtpPort: GATEWAY_SMTP_PORT ?? GATEWAY_DEFAULT_PORTS.smtp,
      smtpsPort: GATEWAY_SMTPS_PORT ?? GATEWAY_DEFAULT_PORTS.smtps,
      imapPort: GATEWAY_IMAP_PORT ?? GATEWAY_DEFAULT_PORTS.imap,
      imapsPort: GATEWAY_IMAPS_PORT ?? GATEWAY_DEFAULT_PORTS.imaps,
    }),
    webPush:
      VAPID_PUBLIC_KEY && VAPID_PRIVATE_KEY
        ? Object.freeze({
            publicKey: VAPID_PUBLIC_KEY,
            privateKey: VAPID_PRIVATE_KEY,
            subject:
              VAPID_SUBJECT ??
              (PUBLIC_URL.startsWith('https://')
                ? PUBLIC_URL
                : `mailto:postmaster@${OPERATOR_DOMAINS[0]}`),
          })
        : null,
  });
  cache.set(env, result);
  return result;
}
