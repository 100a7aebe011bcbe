import { computed, effect, signal } from '@preact/signals';
import { MESSAGE_LIST_PROPERTIES } from '../../../shared/jmap/types.ts';
import type { CachedEmail } from '../db.ts';
import { jmap, ref } from '../lib/jmap.ts';
import { accountId } from '../models/mailbox.ts';
import { createModel } from '../models/model.ts';
import type { LocalResults } from './mail-index.ts';
import { dateBounds, hasFilters, type SearchFilters } from './search-filters.ts';
import type { SearchReply, SearchRequest } from './search-protocol.ts';
import { searchFilters, searchQuery } from './search-state.ts';
import { searchWords, snippetParts, type TextPart } from './search-text.ts';

/** The most local results shown (newest first); the server adds at most SERVER_LIMIT. */
export const LOCAL_LIMIT = 50;
export const SERVER_LIMIT = 50;
/** The server is asked once typing pauses this long. */
const SERVER_DELAY_MS = 350;

/** A result the server found that the cache did not, with its highlighted snippet. */
export interface ServerHit {
  email: CachedEmail;
  subject: TextPart[] | null;
  preview: TextPart[] | null;
}

export type ServerStatus = 'idle' | 'pending' | 'done' | 'offline' | 'failed';

let worker: Worker | null = null;
let workerAccount: string | null = null;
let seq = 0;
let serverSeq = 0;
let serverTimer: ReturnType<typeof setTimeout> | undefined;

export const { localResults, localPending, serverHits, serverStatus, online } = createModel(
  {
    localResults: signal<LocalResults | null>(null),
    localPending: signal(false),
    serverHits: signal<ServerHit[]>([]),
    serverStatus: signal<ServerStatus>('idle'),
    online: signal(navigator.onLine),
  },
  () => {
    // Logout: the worker and its index in memory go; the database (and the saved index
    // in it) is deleted by forgetLocalData.
    worker?.terminate();
    worker = null;
    workerAccount = null;
    clearTimeout(serverTimer);
  },
);

/** The local results, then the server's that are not among them: one list. */
export const results = computed(() => {
  const local = localResults.value?.hits ?? [];
  const ids = new Set(local.map((hit) => hit.email.id));
  const extra = serverHits.value.filter((hit) => !ids.has(hit.email.id));
  return { local, server: extra };
});

function onReply(event: MessageEvent<SearchReply>) {
  const reply = event.data;
  if (reply.type === 'indexed') {
    // Messages were indexed (the first build, a sync): the search shown is run again.
    if (localResults.value || localPending.value) searchLocal();
    return;
  }
  if (reply.seq !== seq) return;
  localPending.value = false;
  if (reply.type === 'results') localResults.value = reply.results;
}

/** The worker for the current account, started on first use. */
function searchWorker(): Worker | null {
  const account = accountId.peek();
  if (!account) return null;
  if (!worker) {
    worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = onReply;
  }
  if (workerAccount !== account) {
    workerAccount = account;
    worker.postMessage({ type: 'account', accountId: account } satisfies SearchRequest);
  }
  return worker;
}

function searchLocal() {
  const query = searchQuery.peek();
  const filters = searchFilters.peek();
  const target = searchWorker();
  seq++;
  if (!target || (searchWords(query).length === 0 && !hasFilters(filters))) {
    localResults.value = null;
    localPending.value = false;
    return;
  }
  localPending.value = true;
  target.postMessage({
    type: 'search',
    seq,
    query,
    filters,
    limit: LOCAL_LIMIT,
  } satisfies SearchRequest);
}

/** The Email/query filter of a search: every word (`text`) and every filter set. */
export function serverFilter(query: string, filters: SearchFilters): Record<string, unknown> {
  const conditions: Record<string, unknown>[] = searchWords(query).map((word) => ({ text: word }));
  const { after, before } = dateBounds(filters);
  const condition: Record<string, unknown> = {};
  if (filters.from.trim()) condition.from = filters.from.trim();
  if (filters.to.trim()) condition.to = filters.to.trim();
  if (after !== null) condition.after = new Date(after).toISOString();
  if (before !== null) condition.before = new Date(before).toISOString();
  if (filters.hasAttachment) condition.hasAttachment = true;
  if (filters.unread) condition.notKeyword = '$seen';
  if (filters.flagged) condition.hasKeyword = '$flagged';
  if (filters.mailboxId) condition.inMailbox = filters.mailboxId;
  if (Object.keys(condition).length) conditions.push(condition);
  return { operator: 'AND', conditions };
}

async function searchServer(account: string, query: string, filters: SearchFilters) {
  const mine = ++serverSeq;
  if (!navigator.onLine) {
    serverHits.value = [];
    serverStatus.value = 'offline';
    return;
  }
  serverStatus.value = 'pending';
  const filter = serverFilter(query, filters);
  try {
    const responses = await jmap([
      [
        'Email/query',
        {
          accountId: account,
          filter,
          sort: [{ property: 'receivedAt', isAscending: false }],
          limit: SERVER_LIMIT,
        },
        'q',
      ],
      [
        'Email/get',
        {
          accountId: account,
          '#ids': ref('q', 'Email/query', '/ids'),
          properties: [...MESSAGE_LIST_PROPERTIES],
        },
        'g',
      ],
      [
        'SearchSnippet/get',
        { accountId: account, filter, '#emailIds': ref('q', 'Email/query', '/ids') },
        's',
      ],
    ]);
    if (mine !== serverSeq) return;
    const ids = (responses.get('q')?.ids as string[] | undefined) ?? [];
    const byId = new Map(
      ((responses.get('g')?.list as Record<string, unknown>[] | undefined) ?? []).map((e) => [
        String(e.id),
        { ...(e as unknown as Omit<CachedEmail, 'accountId'>), accountId: account },
      ]),
    );
    const snippets = new Map(
      (
        (responses.get('s')?.list as
          | { emailId: string; subject: string | null; preview: string | null }[]
          | undefined) ?? []
      ).map((s) => [s.emailId, s]),
    );
    serverHits.value = ids.flatMap((id) => {
      const email = byId.get(id);
      if (!email) return [];
      const snippet = snippets.get(id);
      return [
        { email, subject: snippetParts(snippet?.subject), preview: snippetParts(snippet?.preview) },
      ];
    });
    serverStatus.value = 'done';
  } catch {
    if (mine !== serverSeq) return;
    serverHits.value = [];
    serverStatus.value = navigator.onLine ? 'failed' : 'offline';
  }
}

// As-you-type: the cache at each change, the server once typing pauses.
effect(() => {
  const query = searchQuery.value;
  const filters = searchFilters.value;
  const account = accountId.value;
  void online.value;
  searchLocal();
  clearTimeout(serverTimer);
  serverSeq++;
  serverHits.value = [];
  if (!account || (searchWords(query).length === 0 && !hasFilters(filters))) {
    serverStatus.value = 'idle';
    return;
  }
  serverStatus.value = navigator.onLine ? 'pending' : 'offline';
  serverTimer = setTimeout(() => void searchServer(account, query, filters), SERVER_DELAY_MS);
});

const onlineChanged = () => {
  online.value = navigator.onLine;
};
window.addEventListener('online', onlineChanged);
window.addEventListener('offline', onlineChanged);
