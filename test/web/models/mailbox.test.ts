import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../../web/src/db.ts';
import { closeAccount, openAccount, syncStatus } from '../../../web/src/models/mailbox.ts';

type Call = [string, Record<string, unknown>, string];

/** An EventSource that the test drives: `emit('state')` is a push from the server. */
class FakeEventSource extends EventTarget {
  static last: FakeEventSource | null = null;
  constructor(readonly url: string) {
    super();
    FakeEventSource.last = this;
  }
  close() {}
  emit(type: string) {
    this.dispatchEvent(new MessageEvent(type, { data: '{}' }));
  }
}

/** A JMAP server for one account: every request is recorded and held until released. */
function heldJmap() {
  const requests: Call[][] = [];
  const held: (() => void)[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), location.href);
    if (url.pathname !== '/jmap/api') throw new Error(`unexpected request ${url.pathname}`);
    const calls = (JSON.parse(String(init?.body)) as { methodCalls: Call[] }).methodCalls;
    requests.push(calls);
    await new Promise<void>((resolve) => held.push(resolve));
    const methodResponses = calls.map(([name, args, id]) => {
      if (name === 'Mailbox/get') {
        const list = [
          {
            id: 'inbox',
            name: 'Inbox',
            role: 'inbox',
            parentId: null,
            sortOrder: 0,
            totalEmails: 0,
            unreadEmails: 0,
          },
        ];
        return [name, { accountId: 'bal-1', state: 'm1', list, notFound: [] }, id];
      }
      if (name === 'Email/query')
        return [name, { ids: [], position: 0, queryState: 'e1', total: 0 }, id];
      if (name === 'Email/get')
        return [name, { accountId: 'bal-1', state: 'e1', list: [], notFound: [] }, id];
      if (name === 'Email/changes') {
        return [
          name,
          {
            oldState: args.sinceState,
            newState: 'e1',
            hasMoreChanges: false,
            created: [],
            updated: [],
            destroyed: [],
          },
          id,
        ];
      }
      return ['error', { type: 'unknownMethod' }, id];
    });
    return new Response(JSON.stringify({ methodResponses, sessionState: 's' }), {
      headers: { 'Content-Type': 'application/json' },
    });
  });
  const release = async () => {
    await expect.poll(() => held.length).toBeGreaterThan(0);
    held.shift()?.();
  };
  return { requests, release, pending: () => held.length };
}

afterEach(async () => {
  closeAccount();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await Promise.all([db.mailboxes.clear(), db.emails.clear(), db.states.clear()]);
});

describe('opening an account', () => {
  it('runs the first full sync once, however many push state events arrive meanwhile, then one incremental sync', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    const jmap = heldJmap();
    openAccount('bal-1');
    await expect.poll(() => jmap.requests.length).toBe(1);
    // The stream's first state event, and two more pushes, while the full sync runs.
    FakeEventSource.last?.emit('state');
    FakeEventSource.last?.emit('state');
    FakeEventSource.last?.emit('state');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(jmap.requests.length).toBe(1);
    await jmap.release();
    await expect.poll(() => jmap.requests.length).toBe(2);
    expect(jmap.requests[1]?.map((c) => c[0])).toContain('Email/changes');
    await jmap.release();
    await expect.poll(() => syncStatus.value).toBe('idle');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(jmap.requests.length).toBe(2);
    expect(jmap.pending()).toBe(0);
    const full = jmap.requests.filter((r) => !r.some((c) => c[0] === 'Email/changes'));
    expect(full.length).toBe(1);
  });
});
