/// <reference lib="webworker" />
import { liveQuery, type Subscription } from 'dexie';
import { PliDatabase } from '../db.ts';
import { MailIndex } from './mail-index.ts';
import type { SearchReply, SearchRequest } from './search-protocol.ts';

/**
 * The search worker: holds the account's index, follows the cache (a Dexie live query on
 * the cached ids, which Dexie wakes on writes from the page too) and answers searches off
 * the page's thread, so typing never waits for the index. Queries are never logged.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const db = new PliDatabase();
/** How long the index waits after its last change before it is saved. */
const SAVE_DELAY_MS = 2000;

let index: Promise<MailIndex> | null = null;
let following: Subscription | null = null;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let updating = false;
let pending: { emails: string[]; bodies: string[] } | null = null;

const post = (reply: SearchReply) => scope.postMessage(reply);

async function follow(current: MailIndex, keys: { emails: string[]; bodies: string[] }) {
  pending = keys;
  if (updating) return;
  updating = true;
  let changed = 0;
  try {
    while (pending) {
      const next = pending;
      pending = null;
      changed += await current.update(next);
    }
  } catch {
    // The database went away (logout): the page ends this worker.
  } finally {
    updating = false;
  }
  if (!changed) return;
  post({ type: 'indexed', size: current.size });
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void current.save().catch(() => undefined), SAVE_DELAY_MS);
}

function openAccount(accountId: string) {
  following?.unsubscribe();
  index = MailIndex.open(db, accountId);
  const opened = index;
  void opened.then(
    (current) => {
      if (index !== opened) return;
      following = liveQuery(() => current.cachedKeys()).subscribe({
        next: (keys) => void follow(current, keys),
        error: () => undefined,
      });
    },
    () => undefined,
  );
}

scope.onmessage = async (event: MessageEvent<SearchRequest>) => {
  const request = event.data;
  if (request.type === 'account') return openAccount(request.accountId);
  const started = performance.now();
  try {
    if (!index) throw new Error('no account');
    const current = await index;
    const results = await current.search(request.query, request.filters, request.limit);
    post({ type: 'results', seq: request.seq, results, ms: performance.now() - started });
  } catch {
    post({ type: 'failed', seq: request.seq });
  }
};
