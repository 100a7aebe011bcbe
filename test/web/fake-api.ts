import { vi } from 'vitest';

/** One answer of the fake API: a JSON body (status 200 unless given). */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
}

/**
 * Answers the app's `fetch` calls for the given "METHOD /path" keys with JSON; any other
 * call fails the test loudly (an answer nobody planned is a bug in the test or the app).
 * Returns the spy; `vi.restoreAllMocks()` puts the real `fetch` back.
 */
export function fakeApi(routes: Record<string, FakeAnswer | (() => FakeAnswer)>) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const route = routes[key];
    if (!route) throw new Error(`unexpected request ${key}`);
    const answer = typeof route === 'function' ? route() : route;
    const status = answer.status ?? 200;
    return status === 204
      ? new Response(null, { status })
      : new Response(JSON.stringify(answer.body ?? {}), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
  });
}
