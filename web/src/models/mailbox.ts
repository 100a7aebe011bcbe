import { computed, effect, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { type CachedEmail, type CachedMailbox, db } from '../db.ts';
import { flushOutbox, queueAction } from './mail-actions.ts';
import { syncAccount } from './mail-sync.ts';
import { createModel } from './model.ts';
import { SyncLane } from './sync-lane.ts';

/** The French names of the JMAP folder roles, in display order. */
export const ROLE_LABELS: Record<string, string> = {
  inbox: 'Boîte de réception',
  drafts: 'Brouillons',
  sent: 'Envoyés',
  archive: 'Archives',
  junk: 'Indésirables',
  trash: 'Corbeille',
};
const ROLE_ORDER = Object.keys(ROLE_LABELS);

export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'error';

let events: EventSource | null = null;
/** One sync lane per account: never two syncs of an account at once. */
const lanes = new Map<string, SyncLane>();

export const { accountId, mailboxes, selectedMailboxId, messages, syncStatus } = createModel(
  {
    accountId: signal<string | null>(null),
    mailboxes: signal<CachedMailbox[]>([]),
    selectedMailboxId: signal<string | null>(null),
    messages: signal<CachedEmail[]>([]),
    syncStatus: signal<SyncStatus>('idle'),
  },
  () => {
    events?.close();
    events = null;
    for (const lane of lanes.values()) lane.stop();
    lanes.clear();
  },
);

export const selectedMailbox = computed(
  () => mailboxes.value.find((m) => m.id === selectedMailboxId.value) ?? null,
);

/** Folders with roles first (in the usual order), then the user's folders by name. */
export function sortMailboxes(list: CachedMailbox[]): CachedMailbox[] {
  const rank = (m: CachedMailbox) => (m.role ? ROLE_ORDER.indexOf(m.role) : ROLE_ORDER.length);
  return [...list].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'fr'));
}

/** The folder's name as users see it. */
export function mailboxLabel(mailbox: CachedMailbox): string {
  return (mailbox.role && ROLE_LABELS[mailbox.role]) || mailbox.name;
}

const PAGE = 200;

// The lists follow the cache: every write to Dexie (sync, local action) shows at once.
effect(() => {
  const account = accountId.value;
  if (!account) return;
  const sub = liveQuery(() => db.mailboxes.where('accountId').equals(account).toArray()).subscribe(
    (list) => {
      mailboxes.value = sortMailboxes(list);
      if (!list.some((m) => m.id === selectedMailboxId.value)) {
        selectedMailboxId.value = list.find((m) => m.role === 'inbox')?.id ?? list[0]?.id ?? null;
      }
    },
  );
  return () => sub.unsubscribe();
});

effect(() => {
  const account = accountId.value;
  const mailbox = selectedMailboxId.value;
  if (!account || !mailbox) {
    messages.value = [];
    return;
  }
  const sub = liveQuery(() =>
    db.emails
      .where('[accountId+receivedAt]')
      .between([account, ''], [account, '\uffff'])
      .reverse()
      .filter((e) => e.mailboxIds[mailbox] === true)
      .limit(PAGE)
      .toArray(),
  ).subscribe((list) => {
    messages.value = list;
  });
  return () => sub.unsubscribe();
});

/** One sync of an account: what was done offline is sent, then what changed is fetched. */
async function syncOnce(account: string): Promise<void> {
  const shown = () => accountId.peek() === account;
  if (shown()) syncStatus.value = 'syncing';
  try {
    // The database is deleted at logout and when another person signs in: reopen it.
    if (!db.isOpen()) await db.open();
    await flushOutbox(db);
    await syncAccount(db, account);
    if (shown()) syncStatus.value = 'idle';
  } catch {
    if (shown()) syncStatus.value = navigator.onLine ? 'error' : 'offline';
  }
}

function laneOf(account: string): SyncLane {
  let lane = lanes.get(account);
  if (!lane) {
    lane = new SyncLane(() => syncOnce(account));
    lanes.set(account, lane);
  }
  return lane;
}

/**
 * Sends what was done offline, then fetches what changed. One sync at a time per account:
 * asked while one runs, it makes at most one follow-up sync (a push `state` event during
 * the first full sync never starts a second one); settles once a sync started after the
 * call is done.
 */
export function refresh(): Promise<void> {
  const account = accountId.value;
  if (!account) return Promise.resolve();
  return laneOf(account).request();
}

/**
 * How many push `state` events came (for any of the person's BALs): what else needs to
 * follow the mail (the unread counts of the other BALs) watches it.
 */
export const pushes = signal(0);

/** Opens an account: shows its cache at once, then syncs and listens for pushes. */
export function openAccount(id: string): void {
  if (accountId.value === id && events) return;
  events?.close();
  accountId.value = id;
  void refresh();
  events = new EventSource('/jmap/eventsource?types=*&closeafter=no&ping=60');
  events.addEventListener('state', () => {
    pushes.value += 1;
    void refresh();
  });
}

/** Closes the account's push stream (at logout). */
export function closeAccount(): void {
  events?.close();
  events = null;
  const account = accountId.peek();
  if (account) lanes.get(account)?.stop();
  accountId.value = null;
}

async function act(emailId: string, patch: Record<string, unknown> | null) {
  const account = accountId.value;
  if (!account) return;
  await queueAction(db, account, emailId, patch);
  void refresh();
}

export const markRead = (email: CachedEmail, read: boolean) =>
  act(email.id, { 'keywords/$seen': read || null });

export const toggleFlag = (email: CachedEmail) =>
  act(email.id, { 'keywords/$flagged': email.keywords.$flagged ? null : true });

window.addEventListener('online', () => void refresh());
