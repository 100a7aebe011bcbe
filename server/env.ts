import type { AuthContext, Caller } from './auth/authenticate.ts';
import type { MailboxDO } from './mailbox/mailbox-do.ts';

/** Bindings and variables of the Worker, as declared in wrangler.toml. */
export interface Bindings {
  /** `development` mounts the `/dev` routes; anything else is production behaviour. */
  ENVIRONMENT: string;
  /** Public origin of Pli, e.g. `https://pli.example.fr` (no trailing slash). */
  PUBLIC_URL: string;
  /** Comma-separated operator domains Pli allocates addresses on. */
  OPERATOR_DOMAINS: string;
  /** Pro Santé Connect issuer. */
  PSC_ISSUER: string;
  /** Client id registered with Pro Santé Connect. */
  PSC_CLIENT_ID: string;
  /** Secret of the PSC client (client_secret_basic); a `wrangler secret` in production. */
  PSC_CLIENT_SECRET?: string;
  /** AES-256-GCM key (32 bytes, base64) sealing TOTP secrets at rest; a secret in production. */
  CREDENTIALS_KEY: string;
  /**
   * The master key (32 bytes, base64) wrapping each BAL's key for mail at rest in R2
   * (`storage/sealed-blobs.ts`); a secret in production.
   */
  MAIL_KEY: string;
  /** Master keys being retired (space-separated): mailbox keys they wrapped are rewrapped. */
  MAIL_KEY_PREVIOUS?: string;
  /**
   * Pli's VAPID key pair (RFC 8292) for Web Push: the public key (base64url uncompressed
   * P-256 point) and the private scalar (base64url, 32 bytes; a secret in production),
   * and the contact given to push services (`mailto:` or `https:`; default `PUBLIC_URL`).
   * Without the pair, Web Push is off (`config.ts`, `webPush`).
   */
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
  /** Minimum minutes between two new-mail notices of one BAL (default 15). */
  NOTICE_INTERVAL_MINUTES?: string;
  /** The IMAP/SMTP gateway as mail clients reach it (see `config.ts`, `mailAccess`). */
  GATEWAY_PUBLIC_HOST?: string;
  GATEWAY_SMTP_PORT?: string;
  GATEWAY_SMTPS_PORT?: string;
  GATEWAY_IMAP_PORT?: string;
  GATEWAY_IMAPS_PORT?: string;
  DB: D1Database;
  BLOBS: R2Bucket;
  MAILBOX: DurableObjectNamespace<MailboxDO>;
  ASSETS: Fetcher;
  OUTBOUND: Queue<unknown>;
  NOTIFY: Queue<unknown>;
  /** Outbound transport: `dev-sink` (development), `smtp` or `email-binding`. */
  OUTBOUND_TRANSPORT?: string;
  /** URL of the official listeblanchemssante.xml; empty: the daily refresh is off. */
  WHITELIST_URL?: string;
  /** HMAC-SHA256 key of the relay posting to `/inbound` (a secret in production). */
  INBOUND_HMAC_SECRET?: string;
  /** SMTP relay of the `smtp` transport (see server/delivery/CONTEXT.md). */
  SMTP_HOST?: string;
  SMTP_PORT?: string;
  /** `starttls` (default), `tls`, or `plain` (development only). */
  SMTP_SECURITY?: string;
  SMTP_USERNAME?: string;
  /** A secret in production. */
  SMTP_PASSWORD?: string;
  /** The name Pli gives in EHLO; defaults to the first operator domain. */
  SMTP_HELO_NAME?: string;
  /** The Cloudflare email binding of the `email-binding` transport. */
  SEND_EMAIL?: SendEmail;
  /** HTTP SMS provider of the NOTIFY consumer (see server/delivery/CONTEXT.md). */
  SMS_API_URL?: string;
  /** A secret in production. */
  SMS_API_KEY?: string;
  SMS_SENDER?: string;
}

/** Values set on the request context by middleware. */
export interface Variables {
  requestId: string;
  /** Set by requireAuth(): who is calling. */
  auth: AuthContext;
  /** Set by requireAuth(): the caller with what they may reach (cached, `auth/access-cache.ts`). */
  caller: Caller;
}

/** The Hono environment of every route. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {}
    interface GlobalProps {
      mainModule: typeof import('./index.ts');
      durableNamespaces: 'MailboxDO';
    }
  }
}
