import { MAX_FILTER_DEPTH } from '../../shared/jmap/limits.ts';
import { fold } from '../../shared/text.ts';
import { indexPendingHeaders } from '../mailbox/email-headers.ts';
import type { Store } from '../mailbox/store.ts';
import { type Args, type Handler, intArg, page, queryChangesOf, stringArg } from './context.ts';
import { MethodError } from './errors.ts';

type Bind = string | number;

const likeArg = (value: unknown) => `%${fold(String(value)).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const LIKE = "LIKE ? ESCAPE '\\'";
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
function textCondition(key: 'body' | 'text', value: unknown, binds: Bind[]): string {
  const term = fold(String(value)).trim();
  if ([...term].length >= 3) {
    binds.push(key === 'body' ? `body : ${phrase(term)}` : phrase(term));
    return 'e.rowid IN (SELECT rowid FROM email_search WHERE email_search MATCH ?)';
  }
  const like = likeArg(term);
  const inBody = `e.rowid IN (SELECT rowid FROM email_search WHERE body ${LIKE})`;
  if (key === 'body') {
    binds.push(like);
    return inBody;
  }
  binds.push(like, like, like, like, like, like);
  return `(e.s_subject ${LIKE} OR e.s_from ${LIKE} OR e.s_to ${LIKE} OR e.s_cc ${LIKE} OR e.s_bcc ${LIKE} OR ${inBody})`;
}

/**
 * `header` (RFC 8621 section 4.4.1): `[name]` matches a message with that header field,
 * `[name, value]` one whose field contains the value (case and accents ignored), over the
 * index of `server/mailbox/email-headers.ts`.
 */
function headerCondition(value: unknown, binds: Bind[]): string {
  if (
    !Array.isArray(value) ||
    value.length < 1 ||
    value.length > 2 ||
    value.some((v) => typeof v !== 'string')
  ) {
    throw new MethodError('invalidArguments', 'header must be [name] or [name, value].');
  }
  const field = 'SELECT 1 FROM email_headers h WHERE h.email_id = e.id AND h.name = ?';
  binds.push((value[0] as string).trim().toLowerCase());
  if (value.length === 1) return `EXISTS (${field})`;
  binds.push(likeArg(value[1]));
  return `EXISTS (${field} AND h.value ${LIKE})`;
}

/** Whether a filter has a `header` condition anywhere. */
const usesHeaders = (filter: unknown): boolean =>
  !!filter &&
  typeof filter === 'object' &&
  ('header' in filter ||
    (Array.isArray((filter as Args).conditions) &&
      ((filter as Args).conditions as unknown[]).some(usesHeaders)));

function condition(key: string, value: unknown, binds: Bind[]): string {
  switch (key) {
    case 'inMailbox':
      binds.push(String(value));
      return 'e.id IN (SELECT email_id FROM email_mailboxes WHERE mailbox_id = ?)';
    case 'inMailboxOtherThan': {
      const ids = (value as string[]) ?? [];
      binds.push(...ids);
      return `EXISTS (SELECT 1 FROM email_mailboxes m WHERE m.email_id = e.id AND m.mailbox_id NOT IN (${ids.map(() => '?').join(',') || "''"}))`;
    }
    case 'before':
      binds.push(dateArg(value, key));
      return 'e.received_at < ?';
    case 'after':
      binds.push(dateArg(value, key));
      return 'e.received_at >= ?';
    case 'minSize':
      binds.push(Number(value));
      return 'e.size >= ?';
    case 'maxSize':
      binds.push(Number(value));
      return 'e.size < ?';
    case 'hasKeyword':
      binds.push(keywordArg(value));
      return 'EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = e.id AND k.keyword = ?)';
    case 'notKeyword':
      binds.push(keywordArg(value));
      return 'NOT EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = e.id AND k.keyword = ?)';
    case 'someInThreadHaveKeyword':
      binds.push(keywordArg(value));
      return 'EXISTS (SELECT 1 FROM emails t JOIN email_keywords k ON k.email_id = t.id WHERE t.thread_id = e.thread_id AND k.keyword = ?)';
    case 'noneInThreadHaveKeyword':
      binds.push(keywordArg(value));
      return 'NOT EXISTS (SELECT 1 FROM emails t JOIN email_keywords k ON k.email_id = t.id WHERE t.thread_id = e.thread_id AND k.keyword = ?)';
    case 'allInThreadHaveKeyword':
      binds.push(keywordArg(value));
      return 'NOT EXISTS (SELECT 1 FROM emails t WHERE t.thread_id = e.thread_id AND NOT EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = t.id AND k.keyword = ?))';
    case 'hasAttachment':
      return value ? 'e.has_attachment = 1' : 'e.has_attachment = 0';
    case 'from':
    case 'to':
    case 'cc':
    case 'bcc':
    case 'subject':
      binds.push(likeArg(value));
      return `e.s_${key} ${LIKE}`;
    case 'body':
    case 'text':
      return textCondition(key, value, binds);
    case 'header':
      return headerCondition(value, binds);
    default:
      throw new MethodError('unsupportedFilter', `Unsupported filter: ${key}`);
  }
}

/** A FilterOperator or FilterCondition of Email/query as a SQL expression over `e`. */
export function filterSql(filter: unknown, binds: Bind[], depth = 0): string {
  if (filter === null || filter === undefined) return '1';
  if (typeof filter !== 'object') throw new MethodError('invalidArguments', 'Bad filter.');
  if (depth > MAX_FILTER_DEPTH)
    throw new MethodError(
      'unsupportedFilter',
      `The filter nests more than ${MAX_FILTER_DEPTH} operators.`,
    );
  const f = filter as Args;
  if ('operator' in f) {
    const parts = ((f.conditions as unknown[]) ?? []).map((c) => filterSql(c, binds, depth + 1));
    if (f.operator === 'AND') return parts.length ? `(${parts.join(' AND ')})` : '1';
    if (f.operator === 'OR') return parts.length ? `(${parts.join(' OR ')})` : '0';
    if (f.operator === 'NOT') return parts.length ? `NOT (${parts.join(' OR ')})` : '1';
    throw new MethodError('unsupportedFilter', 'Unknown operator.');
  }
  const parts = Object.entries(f).map(([key, value]) => condition(key, value, binds));
  return parts.length ? `(${parts.join(' AND ')})` : '1';
}

function sortSql(sort: unknown, binds: Bind[]): string {
  const list = (sort ?? [{ property: 'receivedAt', isAscending: false }]) as Args[];
  if (!Array.isArray(list)) throw new MethodError('invalidArguments', 'sort must be a list.');
  const terms = list.map((s) => {
    const dir = s.isAscending === false ? 'DESC' : 'ASC';
    switch (s.property) {
      case 'receivedAt':
        return `e.received_at ${dir}`;
      case 'sentAt':
        return `e.sent_at ${dir}`;
      case 'size':
        return `e.size ${dir}`;
      case 'from':
        return `e.s_from ${dir}`;
      case 'to':
        return `e.s_to ${dir}`;
      case 'subject':
        return `e.s_subject ${dir}`;
      case 'hasKeyword':
        binds.push(keywordArg(s.keyword));
        return `EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = e.id AND k.keyword = ?) ${dir}`;
      // RFC 8621 section 4.4.2: whether some (all) messages of the email's thread have it.
      case 'someInThreadHaveKeyword':
        binds.push(keywordArg(s.keyword));
        return `EXISTS (SELECT 1 FROM emails t JOIN email_keywords k ON k.email_id = t.id WHERE t.thread_id = e.thread_id AND k.keyword = ?) ${dir}`;
      case 'allInThreadHaveKeyword':
        binds.push(keywordArg(s.keyword));
        return `NOT EXISTS (SELECT 1 FROM emails t WHERE t.thread_id = e.thread_id AND NOT EXISTS (SELECT 1 FROM email_keywords k WHERE k.email_id = t.id AND k.keyword = ?)) ${dir}`;
      default:
        throw new MethodError('unsupportedSort', `Cannot sort on ${String(s.property)}`);
    }
  });
  return [...terms, 'e.id ASC'].join(', ');
}

/** Every id matching an Email/query filter and sort (collapsed to one per thread if asked). */
/** SQLite in a DO binds at most 100 parameters per statement. */
const MAX_BINDS = 100;

export function emailQueryIds(store: Store, args: Args): string[] {
  const binds: Bind[] = [];
  const where = filterSql(args.filter, binds);
  const order = sortSql(args.sort, binds);
  if (binds.length > MAX_BINDS)
    throw new MethodError('unsupportedFilter', 'The filter is too complex.');
  const rows = store.all<{ id: string; thread_id: string }>(
    `SELECT e.id, e.thread_id FROM emails e WHERE ${where} ORDER BY ${order}`,
    ...binds,
  );
  if (!args.collapseThreads) return rows.map((r) => r.id);
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.thread_id) && seen.add(r.thread_id)).map((r) => r.id);
}

const query: Handler = async ({ store }, args) => {
  if (usesHeaders(args.filter)) await indexPendingHeaders(store);
  const ids = emailQueryIds(store, args);
  return {
    accountId: args.accountId,
    queryState: store.state('Email'),
    canCalculateChanges: !args.collapseThreads,
    ...page(ids, args),
  };
};

const queryChanges: Handler = async ({ store }, args) => {
  if (usesHeaders(args.filter)) await indexPendingHeaders(store);
  const since = stringArg(args, 'sinceQueryState');
  if (args.collapseThreads) {
    throw new MethodError('cannotCalculateChanges', 'Not with collapseThreads.');
  }
  const changed = store.changesSince('Email', since, null);
  intArg(args, 'maxChanges', null);
  return {
    accountId: args.accountId,
    oldQueryState: since,
    newQueryState: store.state('Email'),
    ...queryChangesOf(emailQueryIds(store, args), changed, args),
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
