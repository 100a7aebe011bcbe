import { IMAP_UID_SORT } from '../../shared/jmap/imap.ts';
import { MAX_FILTER_DEPTH } from '../../shared/jmap/limits.ts';
import { fold } from '../../shared/text.ts';
import { indexPendingHeaders } from '../mailbox/email-headers.ts';
import type { Store } from '../mailbox/store.ts';
import {
  type Args,
  CAPABILITIES,
  type Handler,
  intArg,
  queryChangesOf,
  stringArg,
} from './context.ts';
import { MethodError } from './errors.ts';

type Bind = string | number;

/** A column of the email row a condition or sort key reads. */
type Col = (column: string) => string;

/** The columns of an `emails` row under an alias. */
const over =
  (alias: string): Col =>
  (column) =>
    `${alias}.${column}`;

/** The IMAP UID sort key's column: only on the membership row of a one-folder walk. */
const IMAP_UID_COLUMN = 'imap_uid';

/**
 * The columns of the listed row when the query walks one folder's membership (`d`, its
 * index on receivedAt): receivedAt and the id are read from the membership row.
 */
const driven: Col = (column) =>
  column === 'received_at'
    ? 'd.received_at'
    : column === 'id'
      ? 'd.email_id'
      : column === IMAP_UID_COLUMN
        ? 'd.uid'
        : `e.${column}`;

/**
 * A substring condition on a folded column: `instr`, not `LIKE`, whose patterns SQLite limits
 * to 50 bytes on Cloudflare (a longer subject or header value failed the whole query).
 */
const containsArg = (value: unknown) => fold(String(value));
const contains = (column: string) => `instr(${column}, ?) > 0`;
const dateArg = (value: unknown, name: string) => {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time))
    throw new MethodError('invalidArguments', `${name} must be a UTCDate.`);
  return time;
};
const keywordArg = (value: unknown) => {
  if (
    typeof value !== 'string' ||
    !/^[\x21-\x7e]{1,255}$/.test(value) ||
    /[()[\]{}%*"\\]/.test(value)
  ) {
    throw new MethodError('invalidArguments', 'Invalid keyword.');
  }
  return value.toLowerCase();
};

/** An FTS5 phrase: the whole term, as a substring (trigram index). */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * `text` (subject, addresses, body) and `body` conditions: the trigram index for terms of
 * three characters or more, a scan of the folded columns for shorter ones.
 */
function textCondition(key: 'body' | 'text', value: unknown, binds: Bind[], col: Col): string {
  const term = fold(String(value)).trim();
  const rowid = col('rowid');
  if ([...term].length >= 3) {
    binds.push(key === 'body' ? `body : ${phrase(term)}` : phrase(term));
    return `${rowid} IN (SELECT rowid FROM email_search WHERE email_search MATCH ?)`;
  }
  const inBody = `${rowid} IN (SELECT rowid FROM email_search WHERE ${contains('lower(body)')})`;
  if (key === 'body') {
    binds.push(term);
    return inBody;
  }
  binds.push(term, term, term, term, term, term);
  return `(${['s_subject', 's_from', 's_to', 's_cc', 's_bcc'].map((c) => contains(col(c))).join(' OR ')} OR ${inBody})`;
}

/**
 * `header` (RFC 8621 section 4.4.1): `[name]` matches a message with that header field,
 * `[name, value]` one whose field contains the value (case and accents ignored), over the
 * index of `server/mailbox/email-headers.ts`.
 */
function headerCondition(value: unknown, binds: Bind[], col: Col): string {
  if (
    !Array.isArray(value) ||
    value.length < 1 ||
    value.length > 2 ||
    value.some((v) => typeof v !== 'string')
  ) {
    throw new MethodError('invalidArguments', 'header must be [name] or [name, value].');
  }
  const field = `SELECT 1 FROM email_headers h WHERE h.email_id = ${col('id')} AND h.name = ?`;
  binds.push((value[0] as string).trim().toLowerCase());
  if (value.length === 1) return `EXISTS (${field})`;
  binds.push(containsArg(value[1]));
  return `EXISTS (${field} AND ${contains('h.value')})`;
}

/** Whether a filter has a `header` condition anywhere. */
const usesHeaders = (filter: unknown): boolean =>
  !!filter &&
  typeof filter === 'object' &&
  ('header' in filter ||
    (Array.isArray((filter as Args).conditions) &&
      ((filter as Args).conditions as unknown[]).some(usesHeaders)));

function condition(key: string, value: unknown, binds: Bind[], col: Col): string {
  switch (key) {
    case 'inMailbox':
      binds.push(String(value));
      return `EXISTS (SELECT 1 FROM email_mailboxes m WHERE m.mailbox_id = ? AND m.email_id = ${col('id')})`;
    case 'inMailboxOtherThan': {
      const ids = (value as string[]) ?? [];
      binds.push(...ids);
      return `EXISTS (SELECT 1 FROM email_mailboxes m WHERE m.email_id = ${col('id')} AND m.mailbox_id NOT IN (${ids.map(() => '?').join(',') || "''"}))`;
    }
    case 'before':
      binds.push(dateArg(value, key));
      return `${col('received_at')} < ?`;
    case 'after':
      binds.push(dateArg(value, key));
      return `${col('received_at')} >= ?`;
    case 'minSize':
      binds.push(Number(value));
      return `${col('size')} >= ?`;
    case 'maxSize':
      binds.push(Number(value));
      return `${col('size')} < ?`;
    case 'hasKeyword':
      binds.push(keywordArg(value));
      return `EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = ${col('id')} AND k.keyword = ?)`;
    case 'notKeyword':
      binds.push(keywordArg(value));
      return `NOT EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = ${col('id')} AND k.keyword = ?)`;
    case 'someInThreadHaveKeyword':
      binds.push(keywordArg(value));
      return `EXISTS (SELECT 1 FROM emails t JOIN email_keywords k ON k.email_id = t.id WHERE t.thread_id = ${col('thread_id')} AND k.keyword = ?)`;
    case 'noneInThreadHaveKeyword':
      binds.push(keywordArg(value));
      return `NOT EXISTS (SELECT 1 FROM emails t JOIN email_keywords k ON k.email_id = t.id WHERE t.thread_id = ${col('thread_id')} AND k.keyword = ?)`;
    case 'allInThreadHaveKeyword':
      binds.push(keywordArg(value));
      return `NOT EXISTS (SELECT 1 FROM emails t WHERE t.thread_id = ${col('thread_id')} AND NOT EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = t.id AND k.keyword = ?))`;
    case 'hasAttachment':
      return `${col('has_attachment')} = ${value ? 1 : 0}`;
    case 'from':
    case 'to':
    case 'cc':
    case 'bcc':
    case 'subject':
      binds.push(containsArg(value));
      return contains(col(`s_${key}`));
    case 'body':
    case 'text':
      return textCondition(key, value, binds, col);
    case 'header':
      return headerCondition(value, binds, col);
    default:
      throw new MethodError('unsupportedFilter', `Unsupported filter: ${key}`);
  }
}

/** A FilterOperator or FilterCondition of Email/query as a SQL expression over `e`. */
export function filterSql(filter: unknown, binds: Bind[], depth = 0, col: Col = over('e')): string {
  if (filter === null || filter === undefined) return '1';
  if (typeof filter !== 'object') throw new MethodError('invalidArguments', 'Bad filter.');
  if (depth > MAX_FILTER_DEPTH)
    throw new MethodError(
      'unsupportedFilter',
      `The filter nests more than ${MAX_FILTER_DEPTH} operators.`,
    );
  const f = filter as Args;
  if ('operator' in f) {
    const parts = ((f.conditions as unknown[]) ?? []).map((c) =>
      filterSql(c, binds, depth + 1, col),
    );
    if (f.operator === 'AND') return parts.length ? `(${parts.join(' AND ')})` : '1';
    if (f.operator === 'OR') return parts.length ? `(${parts.join(' OR ')})` : '0';
    if (f.operator === 'NOT') return parts.length ? `NOT (${parts.join(' OR ')})` : '1';
    throw new MethodError('unsupportedFilter', 'Unknown operator.');
  }
  const parts = Object.entries(f).map(([key, value]) => condition(key, value, binds, col));
  return parts.length ? `(${parts.join(' AND ')})` : '1';
}

/** SQLite in a DO binds at most 100 parameters per statement. */
const MAX_BINDS = 100;

/** A piece of SQL and its positional binds, in the order of the text. */
interface Sql {
  text: string;
  binds: Bind[];
}

/** A sort key: its expression over a row, its binds, its direction. */
interface SortKey {
  expr: (col: Col) => string;
  binds: Bind[];
  desc: boolean;
}

/** A missing sentAt sorts first ascending, as SQLite's NULL would. */
const NO_DATE = -9007199254740991;

function sortKeys(sort: unknown, imap: boolean): SortKey[] {
  const list = (sort ?? [{ property: 'receivedAt', isAscending: false }]) as Args[];
  if (!Array.isArray(list)) throw new MethodError('invalidArguments', 'sort must be a list.');
  const keys = list.map((s): SortKey => {
    const desc = s.isAscending === false;
    const column = (name: string): SortKey => ({ expr: (col) => col(name), binds: [], desc });
    switch (s.property) {
      case 'receivedAt':
        return column('received_at');
      case 'sentAt':
        return { expr: (col) => `ifnull(${col('sent_at')}, ${NO_DATE})`, binds: [], desc };
      case 'size':
        return column('size');
      // urn:pli:params:jmap:imap: the UID in the one folder the filter names.
      case IMAP_UID_SORT:
        if (!imap) throw new MethodError('unsupportedSort', `Cannot sort on ${IMAP_UID_SORT}`);
        return column(IMAP_UID_COLUMN);
      case 'from':
        return column('s_from');
      case 'to':
        return column('s_to');
      case 'subject':
        return column('s_subject');
      case 'hasKeyword':
        return {
          expr: (col) =>
            `EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = ${col('id')} AND k.keyword = ?)`,
          binds: [keywordArg(s.keyword)],
          desc,
        };
      // RFC 8621 section 4.4.2: whether some (all) messages of the email's thread have it.
      case 'someInThreadHaveKeyword':
        return {
          expr: (col) =>
            `EXISTS (SELECT 1 FROM emails t JOIN email_keywords k ON k.email_id = t.id WHERE t.thread_id = ${col('thread_id')} AND k.keyword = ?)`,
          binds: [keywordArg(s.keyword)],
          desc,
        };
      case 'allInThreadHaveKeyword':
        return {
          expr: (col) =>
            `NOT EXISTS (SELECT 1 FROM emails t WHERE t.thread_id = ${col('thread_id')} AND NOT EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = t.id AND k.keyword = ?))`,
          binds: [keywordArg(s.keyword)],
          desc,
        };
      default:
        throw new MethodError('unsupportedSort', `Cannot sort on ${String(s.property)}`);
    }
  });
  // The id last: a total order, so that pages neither repeat nor skip a message.
  return [...keys, { expr: (col) => col('id'), binds: [], desc: false }];
}

/**
 * "Row `x` sorts strictly before row `y`" under the sort keys, where `y` is another row or
 * the key values of one (an anchor): `x1 < y1 OR (x1 = y1 AND (x2 < y2 OR ...))`.
 */
function sortsBefore(keys: SortKey[], x: Col, y: Col | Bind[], i = 0): Sql {
  const key = keys[i] as SortKey;
  const left = { text: key.expr(x), binds: key.binds };
  const right = Array.isArray(y)
    ? { text: '?', binds: [y[i] as Bind] }
    : { text: key.expr(y), binds: key.binds };
  const op = key.desc ? '>' : '<';
  const first = {
    text: `${left.text} ${op} ${right.text}`,
    binds: [...left.binds, ...right.binds],
  };
  if (i === keys.length - 1) return first;
  const rest = sortsBefore(keys, x, y, i + 1);
  return {
    text: `(${first.text} OR (${left.text} = ${right.text} AND ${rest.text}))`,
    binds: [...first.binds, ...left.binds, ...right.binds, ...rest.binds],
  };
}

/** The folder a filter requires at its top (a condition, or one of an AND): walked by index. */
function requiredMailbox(filter: unknown): string | null {
  if (!filter || typeof filter !== 'object') return null;
  const f = filter as Args;
  if ('operator' in f) {
    if (f.operator !== 'AND' || !Array.isArray(f.conditions)) return null;
    for (const c of f.conditions) {
      const found = requiredMailbox(c);
      if (found) return found;
    }
    return null;
  }
  return typeof f.inMailbox === 'string' ? f.inMailbox : null;
}

const joinSql = (parts: Sql[], glue: string): Sql => ({
  text: parts.map((p) => p.text).join(glue),
  binds: parts.flatMap((p) => p.binds),
});

/**
 * An Email/query as SQL over indexes: the rows matching the filter (only the first of each
 * thread in sort order when collapsing), in sort order, paged by LIMIT/OFFSET or from an
 * anchor's sort key (keyset), counted only when asked.
 */
export class EmailQueryPlan {
  private readonly from: string;
  private readonly col: Col;
  private readonly keys: SortKey[];
  private readonly matching: Sql;

  /** `imap`: the IMAP capability is in `using` (the `imapUid` sort). */
  constructor(args: Args, imap = false) {
    const mailbox = requiredMailbox(args.filter);
    this.col = mailbox ? driven : over('e');
    this.from = mailbox ? 'email_mailboxes d JOIN emails e ON e.id = d.email_id' : 'emails e';
    this.keys = sortKeys(args.sort, imap);
    const byUid = Array.isArray(args.sort) && args.sort.some((s) => s?.property === IMAP_UID_SORT);
    if (byUid && (!mailbox || args.collapseThreads)) {
      throw new MethodError(
        'unsupportedSort',
        `${IMAP_UID_SORT} needs an inMailbox filter and no collapseThreads.`,
      );
    }
    const filterBinds: Bind[] = [];
    const parts: Sql[] = [];
    if (mailbox) parts.push({ text: 'd.mailbox_id = ?', binds: [mailbox] });
    parts.push({ text: filterSql(args.filter, filterBinds, 0, this.col), binds: filterBinds });
    if (args.collapseThreads) {
      // Kept: no other matching message of its thread sorts before it.
      const innerBinds: Bind[] = [];
      const inner = filterSql(args.filter, innerBinds, 0, over('c'));
      const before = sortsBefore(this.keys, over('c'), this.col);
      parts.push({
        text: `NOT EXISTS (SELECT 1 FROM emails c WHERE c.thread_id = ${this.col('thread_id')} AND c.id <> ${this.col('id')} AND ${inner} AND ${before.text})`,
        binds: [...innerBinds, ...before.binds],
      });
    }
    this.matching = joinSql(parts, ' AND ');
  }

  private order(): Sql {
    return joinSql(
      this.keys.map((k) => ({
        text: `${k.expr(this.col)} ${k.desc ? 'DESC' : 'ASC'}`,
        binds: k.binds,
      })),
      ', ',
    );
  }

  /** The SQL and binds of a page (null limit: every id), optionally at or after a key. */
  pageSql(page: { offset: number; limit: number | null; from?: Bind[] }): Sql {
    const where = page.from
      ? joinSql(
          [this.matching, sortsBefore(this.keys, this.col, page.from)].map((p, i) =>
            i ? { text: `NOT (${p.text})`, binds: p.binds } : p,
          ),
          ' AND ',
        )
      : this.matching;
    const order = this.order();
    const tail =
      page.limit === null
        ? { text: '', binds: [] }
        : { text: ' LIMIT ? OFFSET ?', binds: [page.limit, page.offset] };
    return {
      text: `SELECT ${this.col('id')} AS id FROM ${this.from} WHERE ${where.text} ORDER BY ${order.text}${tail.text}`,
      binds: [...where.binds, ...order.binds, ...tail.binds],
    };
  }

  private run<T extends Record<string, SqlStorageValue>>(store: Store, sql: Sql): T[] {
    if (sql.binds.length > MAX_BINDS)
      throw new MethodError('unsupportedFilter', 'The filter is too complex.');
    return store.all<T>(sql.text, ...sql.binds);
  }

  /** The ids of a page. */
  ids(store: Store, page: { offset: number; limit: number | null; from?: Bind[] }): string[] {
    return this.run<{ id: string }>(store, this.pageSql(page)).map((r) => r.id);
  }

  /** How many messages match (threads when collapsing). */
  count(store: Store): number {
    const [row] = this.run<{ n: number }>(store, {
      text: `SELECT count(*) AS n FROM ${this.from} WHERE ${this.matching.text}`,
      binds: this.matching.binds,
    });
    return row?.n ?? 0;
  }

  /** The sort key of a message in the results, or null when it is not among them. */
  keyOf(store: Store, id: string): Bind[] | null {
    const select = joinSql(
      this.keys.map((k, i) => ({ text: `${k.expr(this.col)} AS k${i}`, binds: k.binds })),
      ', ',
    );
    const [row] = this.run<Record<string, SqlStorageValue>>(store, {
      text: `SELECT ${select.text} FROM ${this.from} WHERE ${this.matching.text} AND ${this.col('id')} = ?`,
      binds: [...select.binds, ...this.matching.binds, id],
    });
    return row ? this.keys.map((_, i) => row[`k${i}`] as Bind) : null;
  }

  /** How many results sort before a key: the index of the message that has it. */
  countBefore(store: Store, key: Bind[]): number {
    const before = sortsBefore(this.keys, this.col, key);
    const [row] = this.run<{ n: number }>(store, {
      text: `SELECT count(*) AS n FROM ${this.from} WHERE ${this.matching.text} AND ${before.text}`,
      binds: [...this.matching.binds, ...before.binds],
    });
    return row?.n ?? 0;
  }
}

/** Every id matching an Email/query filter and sort (collapsed to one per thread if asked). */
export function emailQueryIds(store: Store, args: Args, imap = false): string[] {
  return new EmailQueryPlan(args, imap).ids(store, { offset: 0, limit: null });
}

/** The largest page an Email/query returns. */
const MAX_QUERY_LIMIT = 1000;

/**
 * Email/query paging (RFC 8620 section 5.5) in SQL: `position` (negative from the end),
 * or `anchor` + `anchorOffset` (position ignored), `limit` capped and echoed when it was,
 * `total` only when asked. One row more than the page tells whether the cap cut it.
 */
export function queryEmails(store: Store, args: Args, imap = false) {
  const asked = intArg(args, 'limit', MAX_QUERY_LIMIT) ?? MAX_QUERY_LIMIT;
  const limit = Math.min(asked, MAX_QUERY_LIMIT);
  if (limit < 0) throw new MethodError('invalidArguments', 'limit must not be negative.');
  const plan = new EmailQueryPlan(args, imap);
  let total: number | undefined;
  const count = () => {
    total ??= plan.count(store);
    return total;
  };
  let position = intArg(args, 'position', 0) ?? 0;
  let rows: string[];
  if (typeof args.anchor === 'string') {
    const key = plan.keyOf(store, args.anchor);
    if (!key) throw new MethodError('anchorNotFound');
    const offset = intArg(args, 'anchorOffset', 0) ?? 0;
    position = Math.max(0, plan.countBefore(store, key) + offset);
    rows =
      offset >= 0
        ? plan.ids(store, { from: key, offset, limit: limit + 1 })
        : plan.ids(store, { offset: position, limit: limit + 1 });
  } else {
    if (position < 0) position = Math.max(0, count() + position);
    rows = plan.ids(store, { offset: position, limit: limit + 1 });
  }
  return {
    position,
    ids: rows.slice(0, limit),
    ...(asked > MAX_QUERY_LIMIT || (args.limit == null && rows.length > limit) ? { limit } : {}),
    ...(args.calculateTotal ? { total: count() } : {}),
  };
}

const query: Handler = async ({ store, ctx }, args) => {
  if (usesHeaders(args.filter)) await indexPendingHeaders(store);
  return {
    accountId: args.accountId,
    queryState: store.state('Email'),
    canCalculateChanges: true,
    ...queryEmails(store, args, ctx.using.includes(CAPABILITIES.imap)),
  };
};

/**
 * With `collapseThreads`, a change to one email can change which email stands for its
 * thread: every email of a thread touched since the state (an email of it created, updated
 * or destroyed) is counted as updated, so it is removed and, when it stands for its thread
 * now, added at its index. The old representative is among them whatever it was; RFC 8620
 * section 5.6 lets `removed` hold ids that were not in the old results.
 */
function widenToThreads(
  store: Store,
  changed: { created: string[]; updated: string[]; destroyed: string[] },
  since: string,
): void {
  // Thread changes are logged just after the email change of the same transaction, so
  // those newer than the oldest email change since the state are this window's (a
  // destroyed email's thread is only found that way); a changed email still there
  // names its thread itself.
  const rows = store.all<{ id: string }>(
    `WITH first AS (SELECT min(modseq) AS seq FROM changes WHERE type = 'Email' AND modseq > ?1)
     SELECT e.id FROM emails e
      WHERE e.thread_id IN (SELECT id FROM changes, first
                             WHERE type = 'Thread' AND modseq > first.seq)
         OR e.thread_id IN (SELECT c.thread_id FROM emails c JOIN changes ch
                             ON ch.type = 'Email' AND ch.id = c.id WHERE ch.modseq > ?1)`,
    Number(since),
  );
  const known = new Set([...changed.created, ...changed.updated, ...changed.destroyed]);
  for (const { id } of rows) {
    if (!known.has(id)) {
      known.add(id);
      changed.updated.push(id);
    }
  }
}

const queryChanges: Handler = async ({ store, ctx }, args) => {
  if (usesHeaders(args.filter)) await indexPendingHeaders(store);
  const since = stringArg(args, 'sinceQueryState');
  const changed = store.changesSince('Email', since, null);
  intArg(args, 'maxChanges', null);
  if (args.collapseThreads) widenToThreads(store, changed, since);
  return {
    accountId: args.accountId,
    oldQueryState: since,
    newQueryState: store.state('Email'),
    ...queryChangesOf(
      emailQueryIds(store, args, ctx.using.includes(CAPABILITIES.imap)),
      changed,
      args,
    ),
  };
};

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The search terms of a filter (text, subject, body conditions), for snippets. */
function terms(filter: unknown): string[] {
  if (!filter || typeof filter !== 'object') return [];
  const f = filter as Args;
  if ('operator' in f)
    return f.operator === 'NOT' ? [] : ((f.conditions as unknown[]) ?? []).flatMap(terms);
  return ['text', 'subject', 'body']
    .filter((k) => typeof f[k] === 'string')
    .map((k) => fold(f[k] as string));
}

/** Highlights the first term found in a text, as HTML with `<mark>`; null if none. */
function highlight(text: string, words: string[], window: number | null): string | null {
  const folded = fold(text);
  for (const word of words) {
    const at = word ? folded.indexOf(word) : -1;
    if (at === -1) continue;
    const start = window === null ? 0 : Math.max(0, at - window);
    const end = window === null ? text.length : Math.min(text.length, at + word.length + window);
    return `${start > 0 ? '…' : ''}${escapeHtml(text.slice(start, at))}<mark>${escapeHtml(text.slice(at, at + word.length))}</mark>${escapeHtml(text.slice(at + word.length, end))}${end < text.length ? '…' : ''}`;
  }
  return null;
}

const snippetGet: Handler = ({ store }, args) => {
  const ids = (args.emailIds ?? []) as string[];
  const words = terms(args.filter).filter(Boolean);
  const list: Args[] = [];
  const notFound: string[] = [];
  for (const id of ids) {
    const row = store.one<{ summary: string }>('SELECT summary FROM emails WHERE id = ?', id);
    if (!row) {
      notFound.push(id);
      continue;
    }
    const summary = JSON.parse(row.summary) as { subject: string | null; preview: string };
    const body =
      store.one<{ body: string }>(
        'SELECT body FROM email_search WHERE rowid = (SELECT rowid FROM emails WHERE id = ?)',
        id,
      )?.body ?? '';
    const folded = fold(body);
    const at = words.map((w) => folded.indexOf(w)).find((i) => i >= 0);
    // The preview when the match is in it, else the body around the match.
    const preview =
      highlight(summary.preview, words, 80) ??
      (at !== undefined ? highlight(body.slice(Math.max(0, at - 80), at + 160), words, 80) : null);
    list.push({ emailId: id, subject: highlight(summary.subject ?? '', words, null), preview });
  }
  return { accountId: args.accountId, list, notFound: notFound.length ? notFound : null };
};

export const emailQueryMethods: Record<string, Handler> = {
  'Email/query': query,
  'Email/queryChanges': queryChanges,
  'SearchSnippet/get': snippetGet,
};
