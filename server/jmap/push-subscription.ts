import type { AuthContext } from '../auth/authenticate.ts';
import { hex } from '../bytes.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { DATA_TYPES, newId } from '../mailbox/store.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import {
  AUTH_SECRET_LENGTH,
  decodeKey,
  P256DH_LENGTH,
  type PushKeys,
  sendWebPush,
} from '../push/web-push.ts';
import { listAccessibleBals } from '../storage/bals.ts';
import { type Args, idsArg, utcDate } from './context.ts';
import type { SetError } from './errors.ts';

/** The longest a subscription lives; a later `expires` is brought back to it (RFC 8620 7.2). */
export const PUSH_SUBSCRIPTION_MAX_MS = 7 * 24 * 60 * 60_000;
/** Subscriptions one credential may hold. */
export const PUSH_SUBSCRIPTIONS_PER_CREDENTIAL = 20;
/** How long the PushVerification POST may take. */
const VERIFICATION_TIMEOUT_MS = 5_000;
/** How long a push service keeps an undelivered PushVerification. */
const VERIFICATION_TTL_SECONDS = 600;
const MAX_URL_LENGTH = 2048;

/** The type names a subscription may ask for (the TypeState keys Pli pushes). */
const PUSH_TYPES = [...DATA_TYPES, 'EmailDelivery'] as string[];
const PROPERTIES = ['id', 'deviceClientId', 'verificationCode', 'expires', 'types'];
/** Private to the device (RFC 8620 7.2.1): never returned, asking for them is forbidden. */
const PRIVATE = ['url', 'keys'];

interface Row {
  id: string;
  device_client_id: string;
  verification_code: string;
  verified: number;
  expires_at: number;
  types: string | null;
  p256dh: string | null;
}

/** The credential a subscription is tied to: this device token, or this session. */
export function credentialOf(auth: AuthContext): string {
  return auth.via === 'token' ? `token:${auth.deviceId}` : `session:${auth.sessionIdHash}`;
}

const invalid = (property: string, description: string): SetError => ({
  type: 'invalidProperties',
  properties: [property],
  description,
});

/**
 * A push URL Pli may POST to: `https://`, no user name or password in it, and a host name
 * that is not an IP literal nor `localhost` (no requests into private networks).
 */
export function pushUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return 'url must be a URL.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url must be a URL.';
  }
  if (url.protocol !== 'https:') return 'url must begin with https://.';
  if (url.username || url.password) return 'url must not carry credentials.';
  const host = url.hostname.toLowerCase();
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('[') ||
    /^[\d.]+$/.test(host) ||
    !host.includes('.')
  ) {
    return 'url must name a public host.';
  }
  return null;
}

function typesArg(value: unknown): string[] | null | SetError {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string' || !PUSH_TYPES.includes(t)))
    return invalid('types', `types must be null or a list of: ${PUSH_TYPES.join(', ')}.`);
  return [...new Set(value as string[])];
}

/**
 * The RFC 8291 keys of a browser subscription (`p256dh`: a 65-byte uncompressed P-256
 * point, `auth`: 16 bytes, both base64url), null when none are given.
 */
function keysArg(
  value: unknown,
  env: Bindings,
): { p256dh: string; auth: string } | null | SetError {
  if (value === undefined || value === null) return null;
  if (!config(env).webPush) return invalid('keys', 'Encrypted push (keys) is not available.');
  const keys = value as Record<string, unknown>;
  if (
    typeof value !== 'object' ||
    Object.keys(keys).some((k) => k !== 'p256dh' && k !== 'auth') ||
    decodeKey(keys.p256dh, P256DH_LENGTH)?.[0] !== 4 ||
    !decodeKey(keys.auth, AUTH_SECRET_LENGTH)
  ) {
    return invalid(
      'keys',
      'keys must be { p256dh: a base64url P-256 public key, auth: 16 base64url bytes }.',
    );
  }
  return { p256dh: keys.p256dh as string, auth: keys.auth as string };
}

/**
 * Tells the mailboxes a person reaches that their push subscriptions changed, so that the
 * next state change looks them up again (`server/push/state-change.ts`).
 */
async function subscriptionsChanged(env: Bindings, idNat: string): Promise<void> {
  const bals = await listAccessibleBals(env.DB, idNat);
  await Promise.all(bals.map((bal) => mailboxStub(env, bal.id).pushSubscriptionsChanged()));
}

function expiresArg(value: unknown, now: number): number | SetError {
  const max = now + PUSH_SUBSCRIPTION_MAX_MS;
  if (value === undefined || value === null) return max;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) return invalid('expires', 'expires must be a UTCDate.');
  return Math.min(Math.max(time, now), max);
}

const isSetError = (value: unknown): value is SetError =>
  !!value && typeof value === 'object' && 'type' in value;

function toObject(row: Row, properties: string[]): Args {
  const all: Args = {
    id: row.id,
    deviceClientId: row.device_client_id,
    verificationCode: row.verified ? row.verification_code : null,
    expires: utcDate(row.expires_at),
    types: row.types ? JSON.parse(row.types) : null,
  };
  return Object.fromEntries(properties.map((p) => [p, all[p]]));
}

/**
 * Sends the PushVerification of a new subscription (RFC 8620 7.2.2); failures are the
 * client's. A subscription with `keys` gets it encrypted (RFC 8291) with VAPID, like every
 * later push (RFC 8620 7.2: the server MUST encrypt all data sent to such a URL): a browser
 * push service refuses a plain body, and a browser could not read it.
 */
async function sendVerification(
  env: Bindings,
  url: string,
  keys: PushKeys | null,
  id: string,
  code: string,
): Promise<void> {
  const verification = JSON.stringify({
    '@type': 'PushVerification',
    pushSubscriptionId: id,
    verificationCode: code,
  });
  const vapid = config(env).webPush;
  if (keys && vapid) {
    await sendWebPush({ url, keys }, verification, vapid, {
      ttlSeconds: VERIFICATION_TTL_SECONDS,
      urgency: 'normal',
    });
    return;
  }
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', TTL: String(VERIFICATION_TTL_SECONDS) },
      body: verification,
      redirect: 'manual',
      signal: AbortSignal.timeout(VERIFICATION_TIMEOUT_MS),
    });
  } catch {
    // The URL is the client's; an unreachable one leaves the subscription unverified.
  }
}

async function get(db: D1Database, auth: AuthContext, args: Args): Promise<[string, Args]> {
  const asked = args.properties;
  if (Array.isArray(asked) && asked.some((p) => PRIVATE.includes(p as string))) {
    return ['error', { type: 'forbidden', description: 'url and keys are never returned.' }];
  }
  if (Array.isArray(asked) && asked.some((p) => !PROPERTIES.includes(p as string))) {
    return ['error', { type: 'invalidArguments', description: 'Unknown property.' }];
  }
  const properties = Array.isArray(asked)
    ? [...new Set(['id', ...(asked as string[])])]
    : PROPERTIES;
  const { results } = await db
    .prepare('SELECT * FROM push_subscriptions WHERE credential = ? AND expires_at > ?')
    .bind(credentialOf(auth), Date.now())
    .all<Row>();
  const ids = idsArg(args);
  const byId = new Map(results.map((r) => [r.id, r]));
  const wanted = ids ?? results.map((r) => r.id);
  return [
    'PushSubscription/get',
    {
      list: wanted
        .filter((id) => byId.has(id))
        .map((id) => toObject(byId.get(id) as Row, properties)),
      notFound: wanted.filter((id) => !byId.has(id)),
    },
  ];
}

async function set(
  env: Bindings,
  auth: AuthContext,
  args: Args,
  ids: Record<string, string>,
): Promise<[string, Args]> {
  const db = env.DB;
  const credential = credentialOf(auth);
  const now = Date.now();
  let pushChanged = false;
  const created: Args = {};
  const notCreated: Record<string, SetError> = {};
  const updated: Args = {};
  const notUpdated: Record<string, SetError> = {};
  const destroyed: string[] = [];
  const notDestroyed: Record<string, SetError> = {};
  const own = async (id: string) =>
    db
      .prepare('SELECT * FROM push_subscriptions WHERE id = ? AND credential = ?')
      .bind(id, credential)
      .first<Row>();

  for (const [cid, item] of Object.entries((args.create ?? {}) as Record<string, Args>)) {
    const urlProblem = pushUrlProblem(item.url);
    const types = typesArg(item.types);
    const expires = expiresArg(item.expires, now);
    const keys = keysArg(item.keys, env);
    const problem =
      typeof item.deviceClientId !== 'string' ||
      item.deviceClientId.length < 1 ||
      item.deviceClientId.length > 255
        ? invalid('deviceClientId', 'deviceClientId is required.')
        : urlProblem
          ? invalid('url', urlProblem)
          : isSetError(keys)
            ? keys
            : item.verificationCode !== undefined && item.verificationCode !== null
              ? invalid('verificationCode', 'verificationCode is set by the server.')
              : isSetError(types)
                ? types
                : isSetError(expires)
                  ? expires
                  : null;
    if (problem) {
      notCreated[cid] = problem;
      continue;
    }
    const count = await db
      .prepare('SELECT COUNT(*) AS n FROM push_subscriptions WHERE credential = ?')
      .bind(credential)
      .first<{ n: number }>();
    if ((count?.n ?? 0) >= PUSH_SUBSCRIPTIONS_PER_CREDENTIAL) {
      notCreated[cid] = { type: 'overQuota', description: 'Too many push subscriptions.' };
      continue;
    }
    const id = newId('P');
    const code = hex(crypto.getRandomValues(new Uint8Array(16)));
    await db
      .prepare(
        `INSERT INTO push_subscriptions (id, id_nat, credential, device_client_id, url,
           verification_code, expires_at, types, created_at, p256dh, auth)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        id,
        auth.idNat,
        credential,
        item.deviceClientId as string,
        item.url as string,
        code,
        expires as number,
        types ? JSON.stringify(types) : null,
        now,
        keys?.p256dh ?? null,
        keys?.auth ?? null,
      )
      .run();
    created[cid] = { id, keys: null, expires: utcDate(expires as number) };
    ids[cid] = id;
    await sendVerification(env, item.url as string, isSetError(keys) ? null : keys, id, code);
  }

  for (const [rawId, patch] of Object.entries((args.update ?? {}) as Record<string, Args>)) {
    const id = rawId.startsWith('#') ? (ids[rawId.slice(1)] ?? rawId) : rawId;
    const row = await own(id);
    if (!row) {
      notUpdated[rawId] = { type: 'notFound' };
      continue;
    }
    const immutable = Object.keys(patch).find(
      (k) => !['verificationCode', 'expires', 'types'].includes(k),
    );
    if (immutable) {
      notUpdated[rawId] = invalid(immutable, `${immutable} cannot be changed.`);
      continue;
    }
    if ('verificationCode' in patch && patch.verificationCode !== row.verification_code) {
      notUpdated[rawId] = invalid('verificationCode', 'Wrong verification code.');
      continue;
    }
    const types = 'types' in patch ? typesArg(patch.types) : undefined;
    const expires = 'expires' in patch ? expiresArg(patch.expires, now) : undefined;
    const problem = isSetError(types) ? types : isSetError(expires) ? expires : null;
    if (problem) {
      notUpdated[rawId] = problem;
      continue;
    }
    await db
      .prepare(`UPDATE push_subscriptions SET verified = ?, expires_at = ?, types = ? WHERE id = ?`)
      .bind(
        'verificationCode' in patch ? 1 : row.verified,
        (expires as number | undefined) ?? row.expires_at,
        types === undefined ? row.types : types ? JSON.stringify(types) : null,
        id,
      )
      .run();
    if (row.p256dh) pushChanged = true;
    // The server may shorten a proposed expiry: the client learns the one kept.
    updated[rawId] = expires === undefined ? null : { expires: utcDate(expires as number) };
  }

  for (const rawId of (args.destroy ?? []) as string[]) {
    const id = rawId.startsWith('#') ? (ids[rawId.slice(1)] ?? rawId) : rawId;
    const gone = await db
      .prepare('DELETE FROM push_subscriptions WHERE id = ? AND credential = ?')
      .bind(id, credential)
      .run();
    if (gone.meta.changes) {
      destroyed.push(rawId);
      pushChanged = true;
    } else notDestroyed[rawId] = { type: 'notFound' };
  }

  if (pushChanged) await subscriptionsChanged(env, auth.idNat);
  const orNull = (map: object) => (Object.keys(map).length ? map : null);
  return [
    'PushSubscription/set',
    {
      created: orNull(created),
      updated: orNull(updated),
      destroyed: destroyed.length ? destroyed : null,
      notCreated: orNull(notCreated),
      notUpdated: orNull(notUpdated),
      notDestroyed: orNull(notDestroyed),
    },
  ];
}

/**
 * PushSubscription/get and /set (RFC 8620 section 7.2): not tied to an account, so they
 * run on the Worker over D1, seeing only the subscriptions of the caller's credential. A
 * new subscription gets a PushVerification POST and stays unverified until the client sends
 * its code back. A verified subscription with `keys` then gets the accounts' StateChanges
 * by Web Push (`server/push/state-change.ts`); one without keys gets nothing more.
 */
export function pushSubscriptionCall(
  env: Bindings,
  auth: AuthContext,
  name: string,
  args: Args,
  ids: Record<string, string>,
): Promise<[string, Args]> {
  if (name === 'PushSubscription/get') return get(env.DB, auth, args);
  if (name === 'PushSubscription/set') return set(env, auth, args, ids);
  return Promise.resolve(['error', { type: 'unknownMethod' }]);
}
