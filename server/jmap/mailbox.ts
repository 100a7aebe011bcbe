import * as v from 'valibot';
import { IMAP_MAILBOX_PROPERTIES } from '../../shared/jmap/imap.ts';
import { RetentionMonthsSchema } from '../../shared/rules/folder-retention.ts';
import { destroyEmail } from '../mailbox/emails.ts';
import { imapFolders } from '../mailbox/imap.ts';
import { nextSweepAt, retentionWarning, setRetention } from '../mailbox/retention.ts';
import { newId, type Store } from '../mailbox/store.ts';
import { recordTrace } from '../storage/traces.ts';
import {
  type Args,
  CAPABILITIES,
  type Handler,
  idsArg,
  intArg,
  type MethodScope,
  page,
  pick,
  propertiesArg,
  queryChangesOf,
  stringArg,
} from './context.ts';
import { MethodError, setError } from './errors.ts';
import { runSet } from './set.ts';

const PROPERTIES = [
  'id',
  'name',
  'parentId',
  'role',
  'sortOrder',
  'totalEmails',
  'unreadEmails',
  'totalThreads',
  'unreadThreads',
  'myRights',
  'isSubscribed',
] as const;

const RIGHTS = {
  mayReadItems: true,
  mayAddItems: true,
  mayRemoveItems: true,
  maySetSeen: true,
  maySetKeywords: true,
  mayCreateChild: true,
  mayRename: true,
  mayDelete: true,
  maySubmit: true,
};

interface MailboxRow extends Record<string, SqlStorageValue> {
  id: string;
  name: string;
  parent_id: string | null;
  role: string | null;
  sort_order: number;
  is_subscribed: number;
  retention_months: number | null;
  retention_since: number | null;
}

/** With the filing rules capability: the folder's retention (shared/rules/folder-retention.ts). */
const RETENTION_PROPERTIES = ['retentionMonths', 'retentionWarning'] as const;

function counts(store: Store, id: string) {
  const row = store.one<{ total: number; unread: number; threads: number; unread_threads: number }>(
    `SELECT count(*) AS total,
            sum(CASE WHEN k.email_id IS NULL THEN 1 ELSE 0 END) AS unread,
            count(DISTINCT e.thread_id) AS threads,
            count(DISTINCT CASE WHEN k.email_id IS NULL THEN e.thread_id END) AS unread_threads
       FROM email_mailboxes m JOIN emails e ON e.id = m.email_id
       LEFT JOIN email_keywords k ON k.email_id = e.id AND k.keyword = '$seen'
      WHERE m.mailbox_id = ?`,
    id,
  );
  return {
    totalEmails: row?.total ?? 0,
    unreadEmails: row?.unread ?? 0,
    totalThreads: row?.threads ?? 0,
    unreadThreads: row?.unread_threads ?? 0,
  };
}

function retentionOf(store: Store, row: MailboxRow, properties: string[]): Args {
  if (!properties.some((p) => (RETENTION_PROPERTIES as readonly string[]).includes(p))) return {};
  const months = row.retention_months;
  const since = row.retention_since ?? 0;
  return {
    retentionMonths: months,
    retentionWarning:
      months === null ? null : retentionWarning(store, { id: row.id, months, since }, Date.now()),
  };
}

function toMailbox(store: Store, row: MailboxRow, properties: string[]): Args {
  const needsCounts = properties.some((p) => /Emails|Threads/.test(p));
  return pick(
    {
      id: row.id,
      name: row.name,
      parentId: row.parent_id,
      role: row.role,
      sortOrder: row.sort_order,
      myRights: { ...RIGHTS, mayRename: !row.role, mayDelete: !row.role },
      isSubscribed: row.is_subscribed === 1,
      ...(needsCounts ? counts(store, row.id) : {}),
      ...retentionOf(store, row, properties),
    },
    properties,
  );
}

/** With the IMAP capability: the folder's UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ too. */
const IMAP_PROPERTIES = [...PROPERTIES, ...IMAP_MAILBOX_PROPERTIES];

const get: Handler = ({ store, ctx }, args) => {
  const ids = idsArg(args);
  const known: string[] = [
    ...(ctx.using.includes(CAPABILITIES.imap) ? IMAP_PROPERTIES : PROPERTIES),
    ...(ctx.using.includes(CAPABILITIES.filingRules) ? RETENTION_PROPERTIES : []),
  ];
  const properties = propertiesArg(args, known, known);
  const rows = store.all<MailboxRow>('SELECT * FROM mailboxes ORDER BY sort_order, name');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const wanted = ids ?? rows.map((r) => r.id);
  const imap = properties.some((p) => (IMAP_MAILBOX_PROPERTIES as readonly string[]).includes(p))
    ? imapFolders(store)
    : null;
  return {
    accountId: args.accountId,
    state: store.state('Mailbox'),
    list: wanted
      .filter((id) => byId.has(id))
      .map((id) => {
        const mailbox = toMailbox(store, byId.get(id) as MailboxRow, properties);
        const counters = imap?.get(id);
        return counters ? { ...mailbox, ...pick({ ...counters }, properties) } : mailbox;
      }),
    notFound: wanted.filter((id) => !byId.has(id)),
  };
};

const changes: Handler = ({ store }, args) => {
  const result = store.changesSince(
    'Mailbox',
    stringArg(args, 'sinceState'),
    intArg(args, 'maxChanges', null),
  );
  return { accountId: args.accountId, ...result, updatedProperties: null };
};

function queryIds(store: Store, args: Args): string[] {
  const filter = (args.filter ?? {}) as Args;
  if (typeof filter !== 'object' || 'operator' in filter) {
    if ('operator' in filter)
      throw new MethodError('unsupportedFilter', 'Mailbox filters are conditions only.');
  }
  const where: string[] = [];
  const binds: (string | number)[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'parentId') {
      if (value === null) where.push('parent_id IS NULL');
      else {
        where.push('parent_id = ?');
        binds.push(String(value));
      }
    } else if (key === 'name') {
      // instr, not LIKE: no wildcard in a name, and no 50-byte pattern limit.
      where.push('instr(lower(name), lower(?)) > 0');
      binds.push(String(value));
    } else if (key === 'role') {
      if (value === null) where.push('role IS NULL');
      else {
        where.push('role = ?');
        binds.push(String(value));
      }
    } else if (key === 'hasAnyRole') where.push(value ? 'role IS NOT NULL' : 'role IS NULL');
    else if (key === 'isSubscribed') where.push(value ? 'is_subscribed = 1' : 'is_subscribed = 0');
    else throw new MethodError('unsupportedFilter', `Unknown filter: ${key}`);
  }
  const sorts = ((args.sort ?? [{ property: 'sortOrder' }, { property: 'name' }]) as Args[]).map(
    (s) => {
      const column =
        s.property === 'name' ? 'name' : s.property === 'sortOrder' ? 'sort_order' : null;
      if (!column) throw new MethodError('unsupportedSort', `Cannot sort on ${String(s.property)}`);
      return `${column} ${s.isAscending === false ? 'DESC' : 'ASC'}`;
    },
  );
  const sql = `SELECT id FROM mailboxes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${[...sorts, 'id'].join(', ')}`;
  return store.all<{ id: string }>(sql, ...binds).map((r) => r.id);
}

const query: Handler = ({ store }, args) => {
  const ids = queryIds(store, args);
  return {
    accountId: args.accountId,
    queryState: store.state('Mailbox'),
    canCalculateChanges: true,
    ...page(ids, args),
  };
};

const queryChanges: Handler = ({ store }, args) => {
  const since = stringArg(args, 'sinceQueryState');
  const changed = store.changesSince('Mailbox', since, null);
  return {
    accountId: args.accountId,
    oldQueryState: since,
    newQueryState: store.state('Mailbox'),
    ...queryChangesOf(queryIds(store, args), changed, args),
  };
};

function retentionMonths(value: unknown): number | null {
  const checked = v.safeParse(RetentionMonthsSchema, value);
  if (!checked.success)
    throw setError('invalidProperties', checked.issues[0].message, {
      properties: ['retentionMonths'],
    });
  return checked.output;
}

function checkParent(store: Store, parentId: unknown, selfId?: string): string | null {
  if (parentId === null || parentId === undefined) return null;
  if (
    typeof parentId !== 'string' ||
    !store.one('SELECT 1 AS x FROM mailboxes WHERE id = ?', parentId)
  ) {
    throw setError('invalidProperties', 'Unknown parent.', { properties: ['parentId'] });
  }
  for (let cur: string | null = parentId; cur; ) {
    if (cur === selfId)
      throw setError('invalidProperties', 'A folder cannot be its own ancestor.', {
        properties: ['parentId'],
      });
    cur =
      store.one<{ parent_id: string | null }>('SELECT parent_id FROM mailboxes WHERE id = ?', cur)
        ?.parent_id ?? null;
  }
  return parentId;
}

function checkName(store: Store, name: unknown, parentId: string | null, selfId?: string): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
    throw setError('invalidProperties', 'A folder needs a name.', { properties: ['name'] });
  }
  const clash = store.one<{ id: string }>(
    'SELECT id FROM mailboxes WHERE name = ? AND parent_id IS ? AND id IS NOT ?',
    name,
    parentId,
    selfId ?? null,
  );
  if (clash)
    throw setError('alreadyExists', 'A folder of that name exists here.', { existingId: clash.id });
  return name;
}

const set: Handler = (scope, args) =>
  runSet(scope, args, 'Mailbox', {
    create: (create) => {
      const known = new Set(['name', 'parentId', 'role', 'sortOrder', 'isSubscribed']);
      const bad = Object.keys(create).filter((k) => !known.has(k));
      if (bad.length) throw setError('invalidProperties', undefined, { properties: bad });
      if (create.role !== undefined && create.role !== null) {
        throw setError('invalidProperties', 'Roles are fixed.', { properties: ['role'] });
      }
      const parentId = checkParent(scope.store, create.parentId);
      const name = checkName(scope.store, create.name, parentId);
      const id = newId('F');
      scope.store.run(
        'INSERT INTO mailboxes (id, name, parent_id, sort_order, is_subscribed) VALUES (?, ?, ?, ?, ?)',
        id,
        name,
        parentId,
        typeof create.sortOrder === 'number' ? create.sortOrder : 10,
        create.isSubscribed === false ? 0 : 1,
      );
      scope.store.change('Mailbox', id, 'created');
      return { id, ...counts(scope.store, id), myRights: RIGHTS, role: null };
    },
    update: async (id, patch) => {
      const row = scope.store.one<MailboxRow>('SELECT * FROM mailboxes WHERE id = ?', id);
      if (!row) throw setError('notFound');
      const next = {
        name: row.name,
        parent_id: row.parent_id,
        sort_order: row.sort_order,
        is_subscribed: row.is_subscribed,
      };
      let retention: { months: number | null } | null = null;
      for (const [key, value] of Object.entries(patch)) {
        if (key === 'name') next.name = String(value);
        else if (key === 'parentId') next.parent_id = checkParent(scope.store, value, id);
        else if (key === 'sortOrder' && typeof value === 'number') next.sort_order = value;
        else if (key === 'isSubscribed') next.is_subscribed = value ? 1 : 0;
        else if (key === 'role' && value === row.role) continue;
        else if (key === 'retentionMonths' && scope.ctx.using.includes(CAPABILITIES.filingRules))
          retention = { months: retentionMonths(value) };
        else throw setError('invalidProperties', undefined, { properties: [key] });
      }
      if (row.role && (next.name !== row.name || next.parent_id !== row.parent_id)) {
        throw setError('forbidden', 'Role folders cannot be renamed or moved.');
      }
      if (next.name !== row.name || next.parent_id !== row.parent_id)
        checkName(scope.store, next.name, next.parent_id, id);
      scope.store.run(
        'UPDATE mailboxes SET name = ?, parent_id = ?, sort_order = ?, is_subscribed = ? WHERE id = ?',
        next.name,
        next.parent_id,
        next.sort_order,
        next.is_subscribed,
        id,
      );
      if (retention && retention.months !== row.retention_months) {
        const now = Date.now();
        setRetention(scope.store, id, retention.months, now);
        const sweep = nextSweepAt(scope.store, now);
        if (sweep !== null) await scope.store.wakeBy(sweep);
      }
      scope.store.change('Mailbox', id, 'updated');
      return null;
    },
    destroy: async (id) => {
      const row = scope.store.one<MailboxRow>('SELECT * FROM mailboxes WHERE id = ?', id);
      if (!row) throw setError('notFound');
      if (row.role) throw setError('forbidden', 'Role folders cannot be destroyed.');
      if (scope.store.one('SELECT 1 AS x FROM mailboxes WHERE parent_id = ?', id))
        throw setError('mailboxHasChild');
      const emails = scope.store
        .all<{ email_id: string }>('SELECT email_id FROM email_mailboxes WHERE mailbox_id = ?', id)
        .map((r) => r.email_id);
      if (emails.length && !args.onDestroyRemoveEmails) throw setError('mailboxHasEmail');
      for (const emailId of emails) {
        const others = scope.store.one(
          'SELECT 1 AS x FROM email_mailboxes WHERE email_id = ? AND mailbox_id != ?',
          emailId,
          id,
        );
        if (others) {
          scope.store.run(
            'DELETE FROM email_mailboxes WHERE email_id = ? AND mailbox_id = ?',
            emailId,
            id,
          );
          scope.store.change('Email', emailId, 'updated');
        } else await destroyEmail(scope.store, emailId);
      }
      scope.store.run('DELETE FROM mailboxes WHERE id = ?', id);
      scope.store.change('Mailbox', id, 'destroyed');
      if (emails.length) traceDeleted(scope, emails.length);
    },
  });

function traceDeleted(scope: MethodScope, count: number) {
  scope.waitUntil(
    recordTrace(scope.store.env.DB, {
      kind: 'mail_deleted',
      actorIdNat: scope.ctx.actorIdNat,
      balId: scope.ctx.accountId,
      channel: scope.ctx.channel,
      detail: `count=${count}`,
    }),
  );
}

export const mailboxMethods: Record<string, Handler> = {
  'Mailbox/get': get,
  'Mailbox/changes': changes,
  'Mailbox/query': query,
  'Mailbox/queryChanges': queryChanges,
  'Mailbox/set': set,
};
