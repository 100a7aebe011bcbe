import { type ComposeAddress, type ComposeAttachment, composeMessage } from '../mail/compose.ts';
import { parseMessage } from '../mail/parse.ts';
import { readAnyBlob } from '../mailbox/blobs.ts';
import {
  destroyEmail,
  insertEmail,
  keywordsOf,
  mailboxesOf,
  updateEmail,
} from '../mailbox/emails.ts';
import { recordTrace } from '../storage/traces.ts';
import { type Args, CAPABILITIES, type Handler, type MethodScope, resolveId } from './context.ts';
import { emailProperties } from './email.ts';
import { bodyProperties, summaryProperties } from './email-view.ts';
import { MethodError, setError } from './errors.ts';
import { runSet } from './set.ts';

const CREATE_PROPERTIES = new Set([
  'mailboxIds',
  'keywords',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'inReplyTo',
  'references',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
  'receivedAt',
  'mssReadReceipt',
  'mssNoReply',
  'bodyStructure',
]);

const invalid = (properties: string[], description?: string) =>
  setError('invalidProperties', description, { properties });

function mailboxIdsOf(scope: MethodScope, value: unknown): string[] {
  if (!value || typeof value !== 'object') throw invalid(['mailboxIds']);
  const ids = Object.entries(value as Args)
    .filter(([, v]) => v === true)
    .map(([k]) => resolveId(scope, k));
  if (ids.length === 0) throw invalid(['mailboxIds'], 'An email must be in at least one folder.');
  for (const id of ids) {
    if (!scope.store.one('SELECT 1 AS x FROM mailboxes WHERE id = ?', id))
      throw invalid(['mailboxIds'], 'Unknown folder.');
  }
  return ids;
}

function keywordsOfArg(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object') throw invalid(['keywords']);
  const list = Object.entries(value as Args)
    .filter(([, v]) => v === true)
    .map(([k]) => k.toLowerCase());
  if (list.some((k) => !/^[\x21-\x7e]{1,255}$/.test(k) || /[()[\]{}%*"\\]/.test(k)))
    throw invalid(['keywords']);
  return list;
}

function addresses(value: unknown, property: string): ComposeAddress[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid([property]);
  return value.map((a) => {
    const email = typeof a?.email === 'string' ? a.email.trim() : '';
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) throw invalid([property], 'Invalid address.');
    return { name: typeof a.name === 'string' && a.name ? a.name : null, email };
  });
}

function bodyText(create: Args, list: 'textBody' | 'htmlBody'): string | null {
  const parts = create[list];
  if (parts === undefined || parts === null) return null;
  if (!Array.isArray(parts) || parts.length !== 1) throw invalid([list], 'One part expected.');
  const partId = (parts[0] as Args).partId;
  const values = (create.bodyValues ?? {}) as Record<string, { value?: unknown }>;
  const value = typeof partId === 'string' ? values[partId]?.value : undefined;
  if (typeof value !== 'string') throw invalid(['bodyValues'], 'Missing body value.');
  return value;
}

async function attachmentsOf(scope: MethodScope, value: unknown): Promise<ComposeAttachment[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(['attachments']);
  const out: ComposeAttachment[] = [];
  for (const item of value as Args[]) {
    const blob =
      typeof item.blobId === 'string'
        ? await readAnyBlob(scope.store, resolveId(scope, item.blobId))
        : null;
    if (!blob)
      throw setError('blobNotFound', 'Unknown attachment blob.', { notFound: [item.blobId] });
    out.push({
      name: typeof item.name === 'string' && item.name ? item.name : (blob.name ?? 'piece-jointe'),
      type:
        typeof item.type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(item.type)
          ? item.type
          : blob.type,
      bytes: blob.bytes,
      inline: item.disposition === 'inline',
      cid: typeof item.cid === 'string' ? item.cid : null,
    });
  }
  return out;
}

/**
 * A create's `bodyStructure` flattened to what the composer builds: the first text/plain
 * and text/html leaves with a partId become the bodies; leaves with a blobId, attachments.
 */
function flattenStructure(object: Args): Args {
  const root = object.bodyStructure as Args | undefined;
  if (!root) return object;
  if (object.textBody || object.htmlBody || object.attachments) {
    throw invalid(['bodyStructure'], 'bodyStructure excludes textBody, htmlBody and attachments.');
  }
  const text: Args[] = [];
  const html: Args[] = [];
  const attachments: Args[] = [];
  const walk = (part: Args, depth: number) => {
    if (depth > 10) throw invalid(['bodyStructure']);
    if (Array.isArray(part.subParts)) {
      for (const sub of part.subParts as Args[]) walk(sub, depth + 1);
    } else if (typeof part.partId === 'string') {
      (part.type === 'text/html' ? html : text).push(part);
    } else if (typeof part.blobId === 'string') attachments.push(part);
    else throw invalid(['bodyStructure'], 'A leaf needs a partId or a blobId.');
  };
  walk(root, 0);
  const { bodyStructure: _, ...rest } = object;
  return {
    ...rest,
    ...(text[0] ? { textBody: [text[0]] } : {}),
    ...(html[0] ? { htmlBody: [html[0]] } : {}),
    attachments,
  };
}

async function create(scope: MethodScope, input: Args): Promise<Args> {
  const object = flattenStructure(input);
  const bad = Object.keys(input).filter((k) => !CREATE_PROPERTIES.has(k));
  const privateUsed = Object.keys(object).some((k) => k.startsWith('mss'));
  if (privateUsed && !scope.ctx.using.includes(CAPABILITIES.mssante)) bad.push('mssReadReceipt');
  if (bad.length) throw invalid(bad);
  const mailboxIds = mailboxIdsOf(scope, object.mailboxIds);
  const keywords = keywordsOfArg(object.keywords);
  const identity = scope.store.one<{ name: string; email: string }>(
    'SELECT name, email FROM identities ORDER BY may_delete LIMIT 1',
  );
  const from =
    addresses(object.from, 'from')[0] ??
    (identity ? { name: identity.name || null, email: identity.email } : null);
  if (!from) throw invalid(['from']);
  const ids = (v: unknown, p: string) => {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid([p]);
    return v as string[];
  };
  const { raw } = composeMessage({
    from,
    to: addresses(object.to, 'to'),
    cc: addresses(object.cc, 'cc'),
    replyTo: addresses(object.replyTo, 'replyTo'),
    subject: typeof object.subject === 'string' ? object.subject : '',
    text: bodyText(object, 'textBody'),
    html: bodyText(object, 'htmlBody'),
    attachments: await attachmentsOf(scope, object.attachments),
    inReplyTo: ids(object.inReplyTo, 'inReplyTo'),
    references: ids(object.references, 'references'),
    readReceipt: object.mssReadReceipt === true,
    noReply: object.mssNoReply === true,
    date:
      typeof object.sentAt === 'string' && Number.isFinite(Date.parse(object.sentAt))
        ? new Date(object.sentAt)
        : new Date(),
  });
  const bcc = addresses(object.bcc, 'bcc');
  const result = await insertEmail(scope.store, {
    raw,
    mailboxIds,
    keywords,
    receivedAt:
      typeof object.receivedAt === 'string'
        ? Date.parse(object.receivedAt) || Date.now()
        : Date.now(),
    quotaBytes: scope.ctx.quotaBytes,
    bcc: bcc.length ? bcc : null,
  });
  if (!result.ok) throw setError('overQuota', 'The mailbox is full.');
  return {
    id: result.emailId,
    blobId: result.blobId,
    threadId: result.threadId,
    size: raw.byteLength,
  };
}

/** Applies an Email/set update patch (keywords and mailboxIds, whole or by path). */
function update(scope: MethodScope, id: string, patch: Args): { moved: boolean } {
  const { store } = scope;
  if (!store.one('SELECT 1 AS x FROM emails WHERE id = ?', id)) throw setError('notFound');
  let keywords: Set<string> | null = null;
  let mailboxes: Set<string> | null = null;
  for (const [path, value] of Object.entries(patch)) {
    if (path === 'keywords') keywords = new Set(keywordsOfArg(value));
    else if (path === 'mailboxIds') mailboxes = new Set(mailboxIdsOf(scope, value));
    else if (path.startsWith('keywords/')) {
      keywords ??= new Set(keywordsOf(store, id));
      const k = path.slice(9).toLowerCase();
      keywordsOfArg({ [k]: true });
      if (value === true) keywords.add(k);
      else if (value === null || value === false) keywords.delete(k);
      else throw invalid([path]);
    } else if (path.startsWith('mailboxIds/')) {
      mailboxes ??= new Set(mailboxesOf(store, id));
      const m = resolveId(scope, path.slice(11));
      if (value === true) {
        if (!store.one('SELECT 1 AS x FROM mailboxes WHERE id = ?', m))
          throw invalid([path], 'Unknown folder.');
        mailboxes.add(m);
      } else if (value === null || value === false) mailboxes.delete(m);
      else throw invalid([path]);
    } else throw invalid([path]);
  }
  if (mailboxes && mailboxes.size === 0)
    throw invalid(['mailboxIds'], 'An email must be in at least one folder.');
  return store.transaction(() =>
    updateEmail(store, id, {
      ...(mailboxes ? { mailboxIds: [...mailboxes] } : {}),
      ...(keywords ? { keywords: [...keywords] } : {}),
    }),
  );
}

function trace(scope: MethodScope, kind: string, count: number) {
  if (count === 0) return;
  scope.waitUntil(
    recordTrace(scope.store.env.DB, {
      kind,
      actorIdNat: scope.ctx.actorIdNat,
      balId: scope.ctx.accountId,
      channel: scope.ctx.channel,
      detail: `count=${count}`,
    }),
  );
}

/** Email/set; also used for the implicit set of EmailSubmission's onSuccess* arguments. */
export async function emailSet(scope: MethodScope, args: Args): Promise<Args> {
  let moved = 0;
  let deleted = 0;
  const result = await runSet(scope, args, 'Email', {
    create: (object) => create(scope, object),
    update: (id, patch) => {
      if (update(scope, id, patch).moved) moved += 1;
      return null;
    },
    destroy: async (id) => {
      if (!(await destroyEmail(scope.store, id))) throw setError('notFound');
      deleted += 1;
    },
  });
  trace(scope, 'mail_moved', moved);
  trace(scope, 'mail_deleted', deleted);
  return result;
}

const importEmails: Handler = async (scope, args) => {
  const { store } = scope;
  const oldState = store.state('Email');
  if (typeof args.ifInState === 'string' && args.ifInState !== oldState)
    throw new MethodError('stateMismatch');
  const created: Args = {};
  const notCreated: Args = {};
  for (const [cid, item] of Object.entries((args.emails ?? {}) as Record<string, Args>)) {
    try {
      const blob =
        typeof item.blobId === 'string'
          ? await readAnyBlob(store, resolveId(scope, item.blobId))
          : null;
      if (!blob) throw setError('blobNotFound', undefined, { notFound: [item.blobId] });
      const result = await insertEmail(store, {
        raw: blob.bytes,
        mailboxIds: mailboxIdsOf(scope, item.mailboxIds),
        keywords: keywordsOfArg(item.keywords),
        receivedAt:
          typeof item.receivedAt === 'string'
            ? Date.parse(item.receivedAt) || Date.now()
            : Date.now(),
        quotaBytes: scope.ctx.quotaBytes,
      });
      if (!result.ok) throw setError('overQuota', 'The mailbox is full.');
      created[cid] = {
        id: result.emailId,
        blobId: result.blobId,
        threadId: result.threadId,
        size: blob.bytes.byteLength,
      };
      scope.createdIds[cid] = result.emailId;
    } catch (error) {
      if (!(error instanceof Error && 'error' in error)) throw error;
      notCreated[cid] = (error as unknown as { error: unknown }).error;
    }
  }
  return {
    accountId: args.accountId,
    oldState,
    newState: store.state('Email'),
    created: Object.keys(created).length ? created : null,
    notCreated: Object.keys(notCreated).length ? notCreated : null,
  };
};

const parse: Handler = async (scope, args) => {
  const properties = emailProperties(
    {
      properties: args.properties ?? [
        'messageId',
        'inReplyTo',
        'references',
        'sender',
        'from',
        'to',
        'cc',
        'bcc',
        'replyTo',
        'subject',
        'sentAt',
        'hasAttachment',
        'preview',
        'bodyValues',
        'textBody',
        'htmlBody',
        'attachments',
      ],
    },
    scope.ctx.using,
  ).filter((p) => p !== 'id');
  const parsed: Args = {};
  const notParsable: string[] = [];
  const notFound: string[] = [];
  for (const blobId of (args.blobIds ?? []) as string[]) {
    const blob = await readAnyBlob(scope.store, blobId);
    if (!blob) {
      notFound.push(blobId);
      continue;
    }
    try {
      const { summary } = parseMessage(blob.bytes);
      const email: Args = {
        id: null,
        blobId,
        threadId: null,
        mailboxIds: null,
        keywords: null,
        receivedAt: null,
        size: blob.bytes.byteLength,
        ...summaryProperties(summary),
        ...bodyProperties(blob.bytes, blobId, properties, args),
      };
      parsed[blobId] = Object.fromEntries(properties.map((p) => [p, email[p] ?? null]));
    } catch {
      notParsable.push(blobId);
    }
  }
  return {
    accountId: args.accountId,
    parsed: Object.keys(parsed).length ? parsed : null,
    notParsable: notParsable.length ? notParsable : null,
    notFound: notFound.length ? notFound : null,
  };
};

export const emailWriteMethods: Record<string, Handler> = {
  'Email/set': emailSet,
  'Email/import': importEmails,
  'Email/parse': parse,
};
