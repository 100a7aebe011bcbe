import { effect, signal } from '@preact/signals';
import { JMAP_CORE_LIMITS } from '../../../shared/jmap/limits.ts';
import { type Invocation, jmap, ref } from '../lib/jmap.ts';
import { pushes } from './mailbox.ts';
import { createModel } from './model.ts';
import { me } from './session.ts';

/** After a push, the counts are read again once things settle. */
const SETTLE_MS = 1000;

/**
 * The unread count of each BAL's inbox, for the BAL switcher: one JMAP request for all
 * the BALs the person may use, again after pushes (which cover every BAL). Kept as it was
 * when offline.
 */
export const { balUnread } = createModel({ balUnread: signal<Record<string, number>>({}) }, () =>
  clearTimeout(timer),
);

let timer: ReturnType<typeof setTimeout> | undefined;

async function load(ids: string[]): Promise<void> {
  const calls: Invocation[] = ids.flatMap((accountId, i): Invocation[] => [
    ['Mailbox/query', { accountId, filter: { role: 'inbox' } }, `q${i}`],
    [
      'Mailbox/get',
      {
        accountId,
        '#ids': ref(`q${i}`, 'Mailbox/query', '/ids'),
        properties: ['unreadEmails'],
      },
      `g${i}`,
    ],
  ]);
  try {
    const got = await jmap(calls);
    balUnread.value = Object.fromEntries(
      ids.map((id, i) => [
        id,
        ((got.get(`g${i}`)?.list as { unreadEmails: number }[] | undefined)?.[0]?.unreadEmails ??
          0) as number,
      ]),
    );
  } catch {
    // Offline or refused: the last counts stay.
  }
}

effect(() => {
  const bals = me.value?.bals ?? [];
  void pushes.value;
  clearTimeout(timer);
  // One BAL: its count is beside the inbox already.
  if (bals.length < 2) return;
  // Two calls per BAL, within the request's limit of calls.
  const ids = bals.map((b) => b.id).slice(0, Math.floor(JMAP_CORE_LIMITS.maxCallsInRequest / 2));
  timer = setTimeout(() => void load(ids), SETTLE_MS);
});
