import {
  CLEANUP,
  type CleanupGroup,
  type CleanupKind,
  type CleanupMessage,
} from '../../shared/account/cleanup.ts';
import { retentionCutoff } from '../../shared/account/retention.ts';
import { utcDate } from '../../shared/jmap/types.ts';
import { indexPendingHeaders } from '../mailbox/email-headers.ts';
import type { Store } from '../mailbox/store.ts';
import type { Handler } from './context.ts';

type Value = string | number;

/** Header fields that make a message a newsletter or list mail (RFC 2369, 2919, 3834). */
const LIST_MAIL = `EXISTS (SELECT 1 FROM email_headers h WHERE h.email_id = e.id
  AND (h.name IN ('list-id', 'list-unsubscribe')
    OR (h.name = 'precedence' AND h.value IN ('bulk', 'list'))))`;
const SENDER = `lower(json_extract(e.summary, '$.from[0].email'))`;
/** The message is in the Corbeille. */
const IN_TRASH = `EXISTS (SELECT 1 FROM email_mailboxes m WHERE m.email_id = e.id
  AND m.mailbox_id = (SELECT id FROM mailboxes WHERE role = 'trash'))`;

/** One group: its count and bytes, and the ids of its oldest messages first. */
function group(
  store: Store,
  live: string,
  kind: CleanupKind,
  where: string,
  binds: Value[],
  extra: Partial<CleanupGroup> = {},
): CleanupGroup | null {
  const condition = `${live} AND ${where}`;
  const totals = store.one<{ count: number; bytes: number }>(
    `SELECT count(*) AS count, coalesce(sum(e.size), 0) AS bytes FROM emails e WHERE ${condition}`,
    ...binds,
  );
  if (!totals?.count) return null;
  const emailIds = store
    .all<{ id: string }>(
      `SELECT e.id FROM emails e WHERE ${condition} ORDER BY e.received_at, e.id LIMIT ?`,
      ...binds,
      CLEANUP.maxIdsPerGroup,
    )
    .map((r) => r.id);
  return { kind, count: totals.count, bytes: totals.bytes, emailIds, ...extra };
}

/**
 * `Cleanup/get` (Pli's private method, `urn:pli:params:jmap:mssante`): what takes room in
 * the BAL (shared/account/cleanup.ts): the largest messages, then the groups (the
 * Corbeille, mail older than `olderThanMonths`, lab results, newsletters, the
 * correspondents who take the most room), each with its count, its bytes and its ids.
 * Read-only: the client moves or destroys with Email/set.
 */
const get: Handler = async ({ store }, args) => {
  await indexPendingHeaders(store);
  const months = (args.olderThanMonths as number | undefined) ?? CLEANUP.defaultAgeMonths;
  const live = `NOT ${IN_TRASH}`;
  const largest = store
    .all<{
      id: string;
      size: number;
      received_at: number;
      subject: string | null;
      sender: string | null;
    }>(
      `SELECT e.id, e.size, e.received_at, json_extract(e.summary, '$.subject') AS subject,
              json_extract(e.summary, '$.from[0].email') AS sender
         FROM emails e WHERE ${live} ORDER BY e.size DESC, e.id LIMIT ?`,
      CLEANUP.largestShown,
    )
    .map(
      (r): CleanupMessage => ({
        id: r.id,
        subject: r.subject,
        from: r.sender,
        size: r.size,
        receivedAt: utcDate(r.received_at),
      }),
    );
  const senders = store.all<{ sender: string }>(
    `SELECT ${SENDER} AS sender FROM emails e WHERE ${live} AND ${SENDER} IS NOT NULL
      GROUP BY sender ORDER BY sum(e.size) DESC, sender LIMIT ?`,
    CLEANUP.topSenders,
  );
  const groups = [
    group(store, '1 = 1', 'trash', IN_TRASH, []),
    group(store, live, 'older', 'e.received_at < ?', [retentionCutoff(Date.now(), { months })], {
      months,
    }),
    group(store, live, 'labResults', `json_extract(e.summary, '$.labResult') = 1`, []),
    group(store, live, 'newsletters', LIST_MAIL, []),
    ...senders.map(({ sender }) =>
      group(store, live, 'sender', `${SENDER} = ?`, [sender], { sender }),
    ),
  ].filter((g): g is CleanupGroup => g !== null);
  return { accountId: args.accountId, usedBytes: store.usedBytes(), largest, groups };
};

export const cleanupMethods: Record<string, Handler> = { 'Cleanup/get': get };
