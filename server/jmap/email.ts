import { IMAP_EMAIL_PROPERTIES } from '../../shared/jmap/imap.ts';
import { imapOfEmails } from '../mailbox/imap.ts';
import type { Store } from '../mailbox/store.ts';
import {
  type Args,
  CAPABILITIES,
  type Handler,
  idsArg,
  intArg,
  pick,
  stringArg,
  utcDate,
} from './context.ts';
import {
  bodyProperties,
  DEFAULT_EMAIL_PROPERTIES,
  EMAIL_PROPERTIES,
  needsBody,
  parseHeaderProperty,
  summaryProperties,
} from './email-view.ts';
import { MethodError } from './errors.ts';

interface EmailRow extends Record<string, SqlStorageValue> {
  id: string;
  blob_id: string;
  thread_id: string;
  size: number;
  received_at: number;
  summary: string;
}

const IMAP_PROPERTIES: readonly string[] = IMAP_EMAIL_PROPERTIES;

/** Checks the asked Email properties (standard, header forms, private ones if in `using`). */
export function emailProperties(args: Args, using: string[]): string[] {
  const asked = args.properties;
  if (asked === undefined || asked === null) return [...DEFAULT_EMAIL_PROPERTIES];
  if (!Array.isArray(asked))
    throw new MethodError('invalidArguments', 'properties must be a list.');
  for (const p of asked as string[]) {
    const known =
      (EMAIL_PROPERTIES as readonly string[]).includes(p) || parseHeaderProperty(p) !== null;
    const privateOk = !p.startsWith('mss') || using.includes(CAPABILITIES.mssante);
    const imap = IMAP_PROPERTIES.includes(p) && using.includes(CAPABILITIES.imap);
    if (imap) continue;
    if (!known || !privateOk) throw new MethodError('invalidArguments', `Unknown property: ${p}`);
  }
  return [...new Set(['id', ...(asked as string[])])];
}

/** The rows of `table` (`email_id` and `column`) of a list of emails, grouped by email. */
function valuesOf(store: Store, table: string, column: string, ids: string[]) {
  const byEmail = new Map<string, string[]>();
  const rows = store.all<{ email_id: string; v: string }>(
    `SELECT email_id, ${column} AS v FROM ${table} WHERE email_id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(ids),
  );
  for (const row of rows) {
    const list = byEmail.get(row.email_id);
    if (list) list.push(row.v);
    else byEmail.set(row.email_id, [row.v]);
  }
  return byEmail;
}

/**
 * Renders stored emails as JMAP Email objects with the asked properties, in a constant
 * number of queries whatever the count (rows, then folders and keywords if asked; the
 * ids travel as one JSON bind); only body properties read each raw message.
 */
export async function renderEmails(store: Store, ids: string[], properties: string[], args: Args) {
  const list: Args[] = [];
  const notFound: string[] = [];
  const withBody = properties.some(needsBody);
  const wanted = JSON.stringify(ids);
  const rows = new Map(
    store
      .all<EmailRow>(
        'SELECT id, blob_id, thread_id, size, received_at, summary FROM emails WHERE id IN (SELECT value FROM json_each(?))',
        wanted,
      )
      .map((row) => [row.id, row]),
  );
  const mailboxes = properties.includes('mailboxIds')
    ? valuesOf(store, 'email_mailboxes', 'mailbox_id', ids)
    : null;
  const keywords = properties.includes('keywords')
    ? valuesOf(store, 'email_keywords', 'keyword', ids)
    : null;
  const imap = properties.some((p) => IMAP_PROPERTIES.includes(p))
    ? imapOfEmails(store, ids)
    : null;
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) {
      notFound.push(id);
      continue;
    }
    const base: Args = {
      id: row.id,
      blobId: row.blob_id,
      threadId: row.thread_id,
      size: row.size,
      receivedAt: utcDate(row.received_at),
      ...summaryProperties(JSON.parse(row.summary)),
    };
    if (mailboxes)
      base.mailboxIds = Object.fromEntries((mailboxes.get(id) ?? []).map((m) => [m, true]));
    if (keywords)
      base.keywords = Object.fromEntries((keywords.get(id) ?? []).map((k) => [k, true]));
    if (imap) Object.assign(base, imap.get(id) ?? { imapUids: {}, modSeq: 0 });
    if (withBody) {
      const raw = await store.readBlob(row.blob_id);
      if (raw) Object.assign(base, bodyProperties(raw, row.blob_id, properties, args));
    }
    list.push(pick(base, properties));
  }
  return { list, notFound };
}

const get: Handler = async ({ store, ctx }, args) => {
  const properties = emailProperties(args, ctx.using);
  let ids = idsArg(args);
  if (!ids)
    ids = store
      .all<{ id: string }>('SELECT id FROM emails ORDER BY received_at DESC LIMIT 1000')
      .map((r) => r.id);
  if (ids.length > 1000) throw new MethodError('requestTooLarge');
  const { list, notFound } = await renderEmails(store, ids, properties, args);
  return { accountId: args.accountId, state: store.state('Email'), list, notFound };
};

const changes: Handler = ({ store }, args) => ({
  accountId: args.accountId,
  ...store.changesSince('Email', stringArg(args, 'sinceState'), intArg(args, 'maxChanges', null)),
});

const threadGet: Handler = ({ store }, args) => {
  const ids = idsArg(args) ?? [];
  const list: Args[] = [];
  const notFound: string[] = [];
  for (const id of ids) {
    const emailIds = store
      .all<{ id: string }>('SELECT id FROM emails WHERE thread_id = ? ORDER BY received_at, id', id)
      .map((r) => r.id);
    if (emailIds.length) list.push({ id, emailIds });
    else notFound.push(id);
  }
  return { accountId: args.accountId, state: store.state('Thread'), list, notFound };
};

const threadChanges: Handler = ({ store }, args) => ({
  accountId: args.accountId,
  ...store.changesSince('Thread', stringArg(args, 'sinceState'), intArg(args, 'maxChanges', null)),
});

export const emailReadMethods: Record<string, Handler> = {
  'Email/get': get,
  'Email/changes': changes,
  'Thread/get': threadGet,
  'Thread/changes': threadChanges,
};
