import { afterEach, describe, expect, it } from 'vitest';
import { type CachedEmail, PliDatabase } from '../../../web/src/db.ts';
import { NO_FILTERS } from '../../../web/src/search/search-filters.ts';
import type { SearchReply, SearchRequest } from '../../../web/src/search/search-protocol.ts';

const ACCOUNT = 'bal-w';

const email = (id: string, subject: string): CachedEmail => ({
  accountId: ACCOUNT,
  id,
  threadId: id,
  mailboxIds: { inbox: true },
  keywords: {},
  from: [{ name: 'Dr Karim Benali', email: 'karim.benali@medecin.pli.mssante.fr' }],
  to: null,
  subject,
  receivedAt: '2026-11-20T09:00:00Z',
  preview: '',
  hasAttachment: false,
  size: 100,
});

let worker: Worker | undefined;
let db: PliDatabase | undefined;
afterEach(async () => {
  worker?.terminate();
  await db?.delete();
});

/** The next reply of the worker that passes the test. */
function next(target: Worker, wanted: (reply: SearchReply) => boolean): Promise<SearchReply> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent<SearchReply>) => {
      if (!wanted(event.data)) return;
      target.removeEventListener('message', listener);
      resolve(event.data);
    };
    target.addEventListener('message', listener);
  });
}

let seq = 0;
async function search(target: Worker, query: string): Promise<string[]> {
  const mine = ++seq;
  const reply = next(target, (r) => r.type !== 'indexed' && r.seq === mine);
  target.postMessage({
    type: 'search',
    seq: mine,
    query,
    filters: NO_FILTERS,
    limit: 20,
  } satisfies SearchRequest);
  const answer = await reply;
  return answer.type === 'results' ? answer.results.hits.map((h) => h.email.id) : ['failed'];
}

describe('the search worker', () => {
  it('indexes what the page writes to the cache and forgets what the page deletes', async () => {
    // The worker opens the webmail's own database, as the app does.
    db = new PliDatabase();
    await db.emails.put(email('m1', 'Échographie hépatique'));
    worker = new Worker(new URL('../../../web/src/search/search.worker.ts', import.meta.url), {
      type: 'module',
    });
    const first = next(worker, (r) => r.type === 'indexed');
    worker.postMessage({ type: 'account', accountId: ACCOUNT } satisfies SearchRequest);
    expect(await first).toEqual({ type: 'indexed', size: 1 });
    expect(await search(worker, 'echographie hep')).toEqual(['m1']);

    const added = next(worker, (r) => r.type === 'indexed');
    await db.emails.put(email('m2', 'Scintigraphie osseuse'));
    expect(await added).toEqual({ type: 'indexed', size: 2 });
    expect(await search(worker, 'scinti')).toEqual(['m2']);

    const removed = next(worker, (r) => r.type === 'indexed');
    await db.emails.delete([ACCOUNT, 'm1']);
    expect(await removed).toEqual({ type: 'indexed', size: 1 });
    expect(await search(worker, 'echographie')).toEqual([]);
  });
});
