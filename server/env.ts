import type { AuthContext } from './auth/authenticate.ts';
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
  /** Minimum minutes between two new-mail notices of one BAL (default 15). */
  NOTICE_INTERVAL_MINUTES?: string;
  DB: D1Database;
  BLOBS: R2Bucket;
  MAILBOX: DurableObjectNamespace<MailboxDO>;
  ASSETS: Fetcher;
  OUTBOUND: Queue<unknown>;
  NOTIFY: Queue<unknown>;
}

/** Values set on the request context by middleware. */
export interface Variables {
  requestId: string;
  /** Set by requireAuth(): who is calling. */
  auth: AuthContext;
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
