import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { resolveAuth } from '../auth/authenticate.ts';
import type { AppEnv, Bindings } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { accessibleBal, listAccessibleBals } from '../storage/bals.ts';

/** How often a stream re-checks the caller's rights and wakes, at most. */
export const RECHECK_MS = 4000;

/** Account id → data type → state. */
export type States = Record<string, Record<string, string>>;

/**
 * The states of the accounts a person may use, as one push channel (EventSource or
 * WebSocket) last sent them: `changes()` answers what moved since, `wait()` sleeps until
 * one of the accounts' DOs moves or `ms` pass, `stillAllowed()` re-reads the caller's
 * credential and access to every account (a revoked delegation or an ended session ends
 * the channel).
 */
export class StateWatch {
  private readonly known = new Map<string, number>();
  private readonly stubs: { id: string; stub: ReturnType<typeof mailboxStub> }[];

  private constructor(
    private readonly env: Bindings,
    private readonly idNat: string,
    balIds: string[],
    private readonly wanted: string[] | null,
    private sent: States,
  ) {
    this.stubs = balIds.map((id) => ({ id, stub: mailboxStub(env, id) }));
  }

  /** `wanted` null: every type. `sent`: what the client already has. */
  static async open(
    env: Bindings,
    idNat: string,
    wanted: string[] | null,
    sent: States = {},
  ): Promise<StateWatch> {
    const bals = await listAccessibleBals(env.DB, idNat);
    return new StateWatch(
      env,
      idNat,
      bals.map((b) => b.id),
      wanted,
      sent,
    );
  }

  /** What was last sent (or taken as known). */
  get states(): States {
    return this.sent;
  }

  /** The wanted type states that differ from what was sent, now counted as sent. */
  async changes(): Promise<States> {
    const changed: States = {};
    for (const { id, stub } of this.stubs) {
      const { modseq, states } = await stub.states();
      this.known.set(id, modseq);
      for (const [type, state] of Object.entries(states)) {
        if (this.wanted && !this.wanted.includes(type)) continue;
        if (this.sent[id]?.[type] === state) continue;
        this.sent = { ...this.sent, [id]: { ...(this.sent[id] ?? {}), [type]: state } };
        changed[id] = { ...(changed[id] ?? {}), [type]: state };
      }
    }
    return changed;
  }

  /** Until one of the accounts changes, or `ms`. */
  async wait(ms: number): Promise<void> {
    await Promise.race(
      this.stubs.map(({ id, stub }) => stub.waitForChange(this.known.get(id) ?? 0, ms)),
    );
  }

  /** Whether the person may still use every account watched. */
  async stillAllowed(): Promise<boolean> {
    const allowed = await Promise.all(
      this.stubs.map(({ id }) => accessibleBal(this.env.DB, this.idNat, id)),
    );
    return allowed.every((bal) => bal !== null);
  }
}

/** `types=Email,Mailbox` or `*` → the wanted types, null for every one. */
export function wantedTypes(list: string[] | null | undefined): string[] | null {
  if (!list) return null;
  const types = list.map((t) => t.trim()).filter(Boolean);
  return types.includes('*') ? null : types;
}

/**
 * JMAP push over EventSource (RFC 8620 section 7.3). Each account's DO wakes the stream
 * when its modseq moves; the stream then sends the changed type states. Every wake-up (at
 * least every few seconds) re-reads the caller's session or token and their access to each
 * account: a revoked delegation or an ended session closes the stream.
 */
export function eventSource(c: Context<AppEnv>): Response {
  const env = c.env;
  const wanted = wantedTypes((c.req.query('types') ?? '*').split(','));
  const closeAfterState = c.req.query('closeafter') === 'state';
  const ping = Math.max(0, Math.min(Number(c.req.query('ping') ?? 0) || 0, 300));
  const auth = c.get('auth');
  return streamSSE(c, async (stream) => {
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    const watch = await StateWatch.open(env, auth.idNat, wanted);
    let lastEvent = Date.now();
    const emitChanges = async () => {
      const changed = await watch.changes();
      if (Object.keys(changed).length === 0) return false;
      await stream.writeSSE({
        event: 'state',
        data: JSON.stringify({ '@type': 'StateChange', changed }),
      });
      lastEvent = Date.now();
      return true;
    };
    await emitChanges();
    while (open) {
      await watch.wait(ping > 0 ? Math.min(ping * 1000, RECHECK_MS) : RECHECK_MS);
      if (!open) break;
      const still = await resolveAuth(c, { allowQueryToken: true });
      if (!still || still.idNat !== auth.idNat || !(await watch.stillAllowed())) break;
      const changed = await emitChanges();
      if (changed && closeAfterState) break;
      if (ping > 0 && Date.now() - lastEvent >= ping * 1000) {
        await stream.writeSSE({
          event: 'ping',
          data: JSON.stringify({ '@type': 'Ping', interval: ping }),
        });
        lastEvent = Date.now();
      }
    }
    await stream.close();
  });
}
