import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { resolveAuth } from '../auth/authenticate.ts';
import type { AppEnv } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { accessibleBal, listAccessibleBals } from '../storage/bals.ts';

/** How often a stream re-checks the caller's rights and wakes, at most. */
export const RECHECK_MS = 4000;

type States = Record<string, Record<string, string>>;

/**
 * JMAP push over EventSource (RFC 8620 section 7.3). Each account's DO wakes the stream
 * when its modseq moves; the stream then sends the changed type states. Every wake-up (at
 * least every few seconds) re-reads the caller's session or token and their access to each
 * account: a revoked delegation or an ended session closes the stream.
 */
export function eventSource(c: Context<AppEnv>): Response {
  const env = c.env;
  const wanted = (c.req.query('types') ?? '*')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const closeAfterState = c.req.query('closeafter') === 'state';
  const ping = Math.max(0, Math.min(Number(c.req.query('ping') ?? 0) || 0, 300));
  const auth = c.get('auth');
  return streamSSE(c, async (stream) => {
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    const bals = await listAccessibleBals(env.DB, auth.idNat);
    const stubs = bals.map((b) => ({ id: b.id, stub: mailboxStub(env, b.id) }));
    const sent: States = {};
    const known = new Map<string, number>();
    let lastEvent = Date.now();
    const emitChanges = async (initial: boolean) => {
      const changed: States = {};
      for (const { id, stub } of stubs) {
        const { modseq, states } = await stub.states();
        known.set(id, modseq);
        for (const [type, state] of Object.entries(states)) {
          if (!wanted.includes('*') && !wanted.includes(type)) continue;
          if (sent[id]?.[type] === state) continue;
          sent[id] = { ...(sent[id] ?? {}), [type]: state };
          changed[id] = { ...(changed[id] ?? {}), [type]: state };
        }
      }
      if (Object.keys(changed).length === 0) return false;
      await stream.writeSSE({
        event: 'state',
        data: JSON.stringify({ '@type': 'StateChange', changed }),
      });
      lastEvent = Date.now();
      return !initial;
    };
    await emitChanges(true);
    while (open) {
      const wait = ping > 0 ? Math.min(ping * 1000, RECHECK_MS) : RECHECK_MS;
      await Promise.race(stubs.map(({ id, stub }) => stub.waitForChange(known.get(id) ?? 0, wait)));
      if (!open) break;
      const still = await resolveAuth(c, { allowQueryToken: true });
      if (!still || still.idNat !== auth.idNat) break;
      const allowed = await Promise.all(
        stubs.map(({ id }) => accessibleBal(env.DB, auth.idNat, id)),
      );
      if (allowed.some((bal) => bal === null)) break;
      const changed = await emitChanges(false);
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
