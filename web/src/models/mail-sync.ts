import { MESSAGE_LIST_PROPERTIES } from '../../../shared/jmap/types.ts';
import type { CachedEmail, CachedMailbox, PliDatabase } from '../db.ts';
import { type Invocation, JmapMethodError, jmap, ref } from '../lib/jmap.ts';

const LIST_PROPERTIES = [...MESSAGE_LIST_PROPERTIES];

const MAILBOX_PROPERTIES = [
  'id',
  'name',
  'role',
  'parentId',
  'sortOrder',
  'totalEmails',
  'unreadEmails',
  'retentionMonths',
  'retentionWarning',
];

/** How many of the newest messages a full resync caches. */
export const FULL_SYNC_LIMIT = 1000;

type Jmap = typeof jmap;

function toEmail(accountId: string, raw: Record<string, unknown>): CachedEmail {
  return { ...(raw as unknown as Omit<CachedEmail, 'accountId'>), accountId };
}

function toMailbox(accountId: string, raw: Record<string, unknown>): CachedMailbox {
  return { ...(raw as unknown as Omit<CachedMailbox, 'accountId'>), accountId };
}

async function storeMailboxes(
  db: PliDatabase,
  accountId: string,
  response: Record<string, unknown>,
) {
  const list = (response.list as Record<string, unknown>[]).map((m) => toMailbox(accountId, m));
  await db.transaction('rw', db.mailboxes, db.states, async () => {
    await db.mailboxes.where('accountId').equals(accountId).delete();
    await db.mailboxes.bulkPut(list);
    await db.states.put({ accountId, type: 'Mailbox', state: String(response.state) });
  });
}

/** Replaces the account's cache with its newest messages: three calls, one request. */
export async function fullSync(db: PliDatabase, accountId: string, call: Jmap = jmap) {
  const responses = await call([
    ['Mailbox/get', { accountId, properties: MAILBOX_PROPERTIES }, 'mb'],
    [
      'Email/query',
      { accountId, sort: [{ property: 'receivedAt', isAscending: false }], limit: FULL_SYNC_LIMIT },
      'q',
    ],
    [
      'Email/get',
      { accountId, '#ids': ref('q', 'Email/query', '/ids'), properties: LIST_PROPERTIES },
      'g',
    ],
  ]);
  const got = responses.get('g') as Record<string, unknown>;
  const emails = (got.list as Record<string, unknown>[]).map((e) => toEmail(accountId, e));
  await storeMailboxes(db, accountId, responses.get('mb') as Record<string, unknown>);
  await db.transaction('rw', db.emails, db.states, async () => {
    await db.emails.where('accountId').equals(accountId).delete();
    await db.emails.bulkPut(emails);
    await db.states.put({ accountId, type: 'Email', state: String(got.state) });
  });
}

/**
 * Brings the cache up to date with one request per round: the folders, then
 * `Email/changes` with `Email/get` of what was created and updated through result
 * references. Falls back to a full resync when the server cannot calculate the changes.
 */
export async function syncAccount(db: PliDatabase, accountId: string, call: Jmap = jmap) {
  const known = await db.states.get([accountId, 'Email']);
  if (!known) return fullSync(db, accountId, call);
  let since = known.state;
  for (let round = 0; round < 20; round++) {
    const calls: Invocation[] = [
      ['Mailbox/get', { accountId, properties: MAILBOX_PROPERTIES }, 'mb'],
      ['Email/changes', { accountId, sinceState: since, maxChanges: 500 }, 'c'],
      [
        'Email/get',
        { accountId, '#ids': ref('c', 'Email/changes', '/created'), properties: LIST_PROPERTIES },
        'gc',
      ],
      [
        'Email/get',
        { accountId, '#ids': ref('c', 'Email/changes', '/updated'), properties: LIST_PROPERTIES },
        'gu',
      ],
    ];
    let responses: Map<string, Record<string, unknown>>;
    try {
      responses = await call(calls);
    } catch (error) {
      if (error instanceof JmapMethodError && error.type === 'cannotCalculateChanges') {
        return fullSync(db, accountId, call);
      }
      throw error;
    }
    const changes = responses.get('c') as {
      newState: string;
      hasMoreChanges: boolean;
      destroyed: string[];
    };
    const fetched = [
      ...((responses.get('gc')?.list as Record<string, unknown>[]) ?? []),
      ...((responses.get('gu')?.list as Record<string, unknown>[]) ?? []),
    ].map((e) => toEmail(accountId, e));
    await storeMailboxes(db, accountId, responses.get('mb') as Record<string, unknown>);
    await db.transaction('rw', db.emails, db.bodies, db.states, async () => {
      await db.emails.bulkPut(fetched);
      const gone = changes.destroyed.map((id) => [accountId, id] as [string, string]);
      await db.emails.bulkDelete(gone);
      await db.bodies.bulkDelete(gone);
      await db.states.put({ accountId, type: 'Email', state: changes.newState });
    });
    if (!changes.hasMoreChanges) return;
    since = changes.newState;
  }
}
