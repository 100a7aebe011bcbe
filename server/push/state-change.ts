import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { sendWebPush } from './web-push.ts';

/** Changes of one mailbox within this window go out as one push per subscription. */
export const PUSH_COALESCE_MS = 2_000;
/** How long a mailbox trusts its "any subscriber?" answer (a new one also resets it). */
export const SUBSCRIBERS_CACHE_MS = 60_000;
/** A StateChange is worth nothing after this: the client re-syncs anyway. */
const PUSH_TTL_SECONDS = 24 * 60 * 60;

/**
 * The verified subscriptions with keys, not expired, of the people who may use the BAL
 * now (its holder and its unrevoked delegates), whose credential is still live (a device
 * token not revoked, a session not ended).
 */
const SUBSCRIBERS_SQL = `
  SELECT p.id, p.url, p.p256dh, p.auth, p.types FROM push_subscriptions p
   WHERE p.verified = 1 AND p.p256dh IS NOT NULL AND p.expires_at > ?2
     AND p.id_nat IN (
       SELECT holder_id_nat FROM bals WHERE id = ?1 AND deleted_at IS NULL
       UNION SELECT d.delegate_id_nat FROM delegations d JOIN bals b ON b.id = d.bal_id
        WHERE d.bal_id = ?1 AND d.revoked_at IS NULL AND b.deleted_at IS NULL)
     AND ((p.credential LIKE 'token:%' AND substr(p.credential, 7) IN
            (SELECT id FROM device_tokens WHERE revoked_at IS NULL))
       OR (p.credential LIKE 'session:%' AND substr(p.credential, 9) IN
            (SELECT id_hash FROM sessions)))`;

interface SubscriberRow {
  id: string;
  url: string;
  p256dh: string;
  auth: string;
  types: string | null;
}

type States = Record<string, string>;

/**
 * Sends the StateChange of one account (RFC 8620 7.1) to each subscriber by Web Push,
 * restricted to the subscription's `types`; a subscription the push service says is gone
 * (404, 410) is deleted. Nothing when Web Push is not configured.
 */
export async function pushStateChange(
  env: Bindings,
  balId: string,
  changed: States,
  now = Date.now(),
): Promise<void> {
  const vapid = config(env).webPush;
  if (!vapid || Object.keys(changed).length === 0) return;
  const { results } = await env.DB.prepare(SUBSCRIBERS_SQL).bind(balId, now).all<SubscriberRow>();
  await Promise.all(
    results.map(async (row) => {
      const types: string[] | null = row.types ? JSON.parse(row.types) : null;
      const kept = Object.fromEntries(
        Object.entries(changed).filter(([type]) => !types || types.includes(type)),
      );
      if (Object.keys(kept).length === 0) return;
      const payload = JSON.stringify({ '@type': 'StateChange', changed: { [balId]: kept } });
      const outcome = await sendWebPush(
        { url: row.url, keys: { p256dh: row.p256dh, auth: row.auth } },
        payload,
        vapid,
        { ttlSeconds: PUSH_TTL_SECONDS, urgency: 'normal' },
      );
      if (outcome === 'gone') {
        await env.DB.prepare('DELETE FROM push_subscriptions WHERE id = ?').bind(row.id).run();
      }
    }),
  );
}

/**
 * The Web Push side of one mailbox object: told of every state change (`changed()`, off
 * the caller's path), it waits `PUSH_COALESCE_MS`, then pushes the types whose state moved
 * since its last push. Whether anyone subscribes is cached, so a mailbox without
 * subscribers costs one D1 query a minute at most, none per delivery.
 */
export class StatePusher {
  private pending = false;
  private lastPushed: States = {};
  private subscribers: { any: boolean; at: number } | null = null;

  constructor(
    private readonly env: Bindings,
    private readonly balId: () => string,
    private readonly states: () => Promise<States>,
    private readonly waitUntil: (promise: Promise<unknown>) => void,
  ) {}

  /** Forgets the cached "any subscriber?" answer (a subscription was verified or removed). */
  subscriptionsChanged(): void {
    this.subscribers = null;
  }

  /** A state of the mailbox moved: schedules one coalesced push. Never throws. */
  changed(): void {
    if (this.pending || !config(this.env).webPush) return;
    this.pending = true;
    this.waitUntil(this.run().finally(() => (this.pending = false)));
  }

  private async anySubscriber(balId: string, now: number): Promise<boolean> {
    if (this.subscribers && now - this.subscribers.at < SUBSCRIBERS_CACHE_MS) {
      return this.subscribers.any;
    }
    const row = await this.env.DB.prepare(`SELECT 1 AS one FROM (${SUBSCRIBERS_SQL}) LIMIT 1`)
      .bind(balId, now)
      .first();
    this.subscribers = { any: row !== null, at: now };
    return row !== null;
  }

  private async run(): Promise<void> {
    try {
      const balId = this.balId();
      if (!(await this.anySubscriber(balId, Date.now()))) return;
      await new Promise((resolve) => setTimeout(resolve, PUSH_COALESCE_MS));
      const states = await this.states();
      this.pending = false; // a change from now on is the next push's
      const changed = Object.fromEntries(
        Object.entries(states).filter(([type, state]) => this.lastPushed[type] !== state),
      );
      this.lastPushed = states;
      await pushStateChange(this.env, balId, changed);
    } catch {
      // A push is a hint: the client's next sync sees the change anyway.
    }
  }
}
