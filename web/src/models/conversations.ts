import { computed, effect, signal } from '@preact/signals';
import { MESSAGE_LIST_PROPERTIES } from '../../../shared/jmap/types.ts';
import { type CachedEmail, db } from '../db.ts';
import { jmap, ref } from '../lib/jmap.ts';
import { accountId, messages } from './mailbox.ts';
import { createModel } from './model.ts';
import { openEmail } from './reader.ts';

/** The device's choice: list by conversation (`localStorage`, not personal data). */
const LIST_BY_CONVERSATION = 'pli.listByConversation';

const stored = () => {
  try {
    return localStorage.getItem(LIST_BY_CONVERSATION) === '1';
  } catch {
    return false;
  }
};

export const { byConversation, thread } = createModel({
  /** The list shows one row per conversation (its newest message) instead of per message. */
  byConversation: signal(stored()),
  /** The messages of the open message's conversation, oldest first (every folder). */
  thread: signal<CachedEmail[]>([]),
});

/** « Regrouper par conversation », remembered on this device. */
export function setByConversation(on: boolean): void {
  byConversation.value = on;
  try {
    localStorage.setItem(LIST_BY_CONVERSATION, on ? '1' : '0');
  } catch {
    // Private mode: for this visit only.
  }
}

/**
 * The folder's list as shown: every message, or the newest message of each conversation
 * with how many of the conversation's messages are in the folder.
 */
export const listed = computed(() => {
  const all = messages.value;
  if (!byConversation.value) return { emails: all, counts: null };
  const counts: Record<string, number> = {};
  const emails: CachedEmail[] = [];
  const firstOf = new Map<string, string>();
  for (const email of all) {
    const first = firstOf.get(email.threadId);
    if (first === undefined) {
      firstOf.set(email.threadId, email.id);
      emails.push(email);
      counts[email.id] = 1;
    } else counts[first] = (counts[first] ?? 1) + 1;
  }
  return { emails, counts };
});

/** With the list by conversation, what is done to a row is done to its whole conversation. */
export function withConversations(chosen: CachedEmail[]): CachedEmail[] {
  if (!byConversation.peek()) return chosen;
  const threads = new Set(chosen.map((e) => e.threadId));
  return messages.peek().filter((e) => threads.has(e.threadId));
}

const oldestFirst = (list: CachedEmail[]) =>
  [...list].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));

/** The conversation of a message: Thread/get, the messages missing from the cache fetched. */
async function loadThread(account: string, email: CachedEmail): Promise<CachedEmail[]> {
  try {
    const got = await jmap([
      ['Thread/get', { accountId: account, ids: [email.threadId] }, 't'],
      [
        'Email/get',
        {
          accountId: account,
          '#ids': ref('t', 'Thread/get', '/list/*/emailIds'),
          properties: [...MESSAGE_LIST_PROPERTIES],
        },
        'g',
      ],
    ]);
    // In the thread's own order (the server's, finer than receivedAt's seconds).
    const order = ((got.get('t')?.list as { emailIds: string[] }[] | undefined)?.[0]?.emailIds ??
      []) as string[];
    const byId = new Map(
      ((got.get('g')?.list ?? []) as Omit<CachedEmail, 'accountId'>[]).map((e) => [e.id, e]),
    );
    return order.flatMap((id) => {
      const found = byId.get(id);
      return found ? [{ ...found, accountId: account }] : [];
    });
  } catch {
    // Offline: what the cache holds of it, by date.
    return oldestFirst(
      await db.emails
        .where('accountId')
        .equals(account)
        .filter((e) => e.threadId === email.threadId)
        .toArray(),
    );
  }
}

/** The open message and its thread, as a key: a keyword change of it reloads nothing. */
const openKey = computed(() => {
  const email = openEmail.value;
  return email ? `${email.id} ${email.threadId}` : null;
});

// The conversation follows the open message.
effect(() => {
  const account = accountId.value;
  const key = openKey.value;
  const email = openEmail.peek();
  if (!account || !key || !email) {
    thread.value = [];
    return;
  }
  let current = true;
  void loadThread(account, email).then((list) => {
    if (current) thread.value = list;
  });
  return () => {
    current = false;
  };
});
