import { QUEUED_REPLY } from '../../shared/jmap/delivery-status.ts';
import { normaliseAddress } from '../../shared/mssante/address.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { isOnPatientDomain } from '../../shared/mssante/patient.ts';
import { dispatchOutbound } from '../delivery/outbound.ts';
import { noteRecentCorrespondents } from '../directory/correspondents.ts';
import type { MessageSummary } from '../mail/parse.ts';
import { notePatientMessage } from '../mailbox/deliver.ts';
import {
  type DeliveryStatusMap,
  overlayReports,
  reportsAbout,
} from '../mailbox/delivery-status.ts';
import { newId, type Store } from '../mailbox/store.ts';
import { recordTrace } from '../storage/traces.ts';
import {
  type Args,
  type Handler,
  idsArg,
  intArg,
  type MethodScope,
  page,
  pick,
  propertiesArg,
  queryChangesOf,
  resolveId,
  stringArg,
  utcDate,
} from './context.ts';
import { emailSet } from './email-set.ts';
import { MethodError, SetFailure, setError } from './errors.ts';
import { runSet } from './set.ts';

const PROPERTIES = [
  'id',
  'identityId',
  'emailId',
  'threadId',
  'envelope',
  'sendAt',
  'undoStatus',
  'deliveryStatus',
  'dsnBlobIds',
  'mdnBlobIds',
] as const;

interface SubmissionRow extends Record<string, SqlStorageValue> {
  id: string;
  identity_id: string;
  email_id: string;
  thread_id: string;
  envelope: string;
  send_at: number;
  undo_status: string;
  delivery_status: string;
  message_id: string | null;
}

/** A submission as JMAP shows it: its status updated by the DSNs and MDNs received. */
function toSubmission(store: Store, row: SubmissionRow): Args {
  const reports = reportsAbout(store, row.message_id);
  const blobIds = (kind: 'dsn' | 'mdn') =>
    reports.flatMap((r) => (r.kind === kind && r.blobId ? [r.blobId] : []));
  return {
    id: row.id,
    identityId: row.identity_id,
    emailId: row.email_id,
    threadId: row.thread_id,
    envelope: JSON.parse(row.envelope),
    sendAt: utcDate(row.send_at),
    undoStatus: row.undo_status,
    deliveryStatus: overlayReports(JSON.parse(row.delivery_status), reports),
    dsnBlobIds: [...new Set(blobIds('dsn'))],
    mdnBlobIds: [...new Set(blobIds('mdn'))],
  };
}

const get: Handler = ({ store }, args) => {
  const properties = propertiesArg(args, PROPERTIES, PROPERTIES);
  const ids =
    idsArg(args) ??
    store
      .all<{ id: string }>('SELECT id FROM submissions ORDER BY send_at DESC LIMIT 1000')
      .map((r) => r.id);
  const list: Args[] = [];
  const notFound: string[] = [];
  for (const id of ids) {
    const row = store.one<SubmissionRow>('SELECT * FROM submissions WHERE id = ?', id);
    if (row) list.push(pick(toSubmission(store, row), properties));
    else notFound.push(id);
  }
  return { accountId: args.accountId, state: store.state('EmailSubmission'), list, notFound };
};

const changes: Handler = ({ store }, args) => ({
  accountId: args.accountId,
  ...store.changesSince(
    'EmailSubmission',
    stringArg(args, 'sinceState'),
    intArg(args, 'maxChanges', null),
  ),
});

function queryIds(scope: MethodScope, args: Args): string[] {
  const filter = (args.filter ?? {}) as Args;
  const where: string[] = [];
  const binds: (string | number)[] = [];
  const inList = (column: string, value: unknown) => {
    const list = (value as string[]) ?? [];
    where.push(`${column} IN (${list.map(() => '?').join(',') || "''"})`);
    binds.push(...list);
  };
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'identityIds') inList('identity_id', value);
    else if (key === 'emailIds') inList('email_id', value);
    else if (key === 'threadIds') inList('thread_id', value);
    else if (key === 'undoStatus') {
      where.push('undo_status = ?');
      binds.push(String(value));
    } else if (key === 'before' || key === 'after') {
      where.push(key === 'before' ? 'send_at < ?' : 'send_at >= ?');
      binds.push(Date.parse(String(value)));
    } else throw new MethodError('unsupportedFilter', `Unsupported filter: ${key}`);
  }
  const sort = ((args.sort ?? [{ property: 'sentAt', isAscending: false }]) as Args[]).map((s) => {
    const column = { emailId: 'email_id', threadId: 'thread_id', sentAt: 'send_at' }[
      String(s.property)
    ];
    if (!column) throw new MethodError('unsupportedSort');
    return `${column} ${s.isAscending === false ? 'DESC' : 'ASC'}`;
  });
  return scope.store
    .all<{ id: string }>(
      `SELECT id FROM submissions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${[...sort, 'id'].join(', ')}`,
      ...binds,
    )
    .map((r) => r.id);
}

const query: Handler = (scope, args) => ({
  accountId: args.accountId,
  queryState: scope.store.state('EmailSubmission'),
  canCalculateChanges: true,
  ...page(queryIds(scope, args), args),
});

const queryChanges: Handler = (scope, args) => {
  const since = stringArg(args, 'sinceQueryState');
  const changed = scope.store.changesSince('EmailSubmission', since, null);
  return {
    accountId: args.accountId,
    oldQueryState: since,
    newQueryState: scope.store.state('EmailSubmission'),
    ...queryChangesOf(queryIds(scope, args), changed, args),
  };
};

function envelopeOf(object: Args, identityEmail: string, summary: MessageSummary) {
  const given = object.envelope as
    | { mailFrom?: { email?: string }; rcptTo?: { email?: string }[] }
    | null
    | undefined;
  if (given) {
    const rcptTo = (given.rcptTo ?? []).map((r) => String(r.email ?? ''));
    return { mailFrom: String(given.mailFrom?.email ?? identityEmail), rcptTo };
  }
  const all = [...(summary.to ?? []), ...(summary.cc ?? []), ...(summary.bcc ?? [])].map((a) =>
    a.email.toLowerCase(),
  );
  return { mailFrom: identityEmail, rcptTo: [...new Set(all)] };
}

/**
 * The SMTP parameters of an envelope address as the client gave them (RFC 8621 7:
 * `parameters`, e.g. the DSN ones of RFC 3461: RET, ENVID, NOTIFY, ORCPT), kept on the
 * submission; only xtext-style names with a string or null value, else none.
 */
function smtpParameters(address: Args | undefined): Record<string, string | null> | null {
  const given = address?.parameters;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return null;
  const kept = Object.entries(given as Args).filter(
    ([name, value]) =>
      /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(name) &&
      (value === null || (typeof value === 'string' && value.length <= 500)),
  );
  return kept.length > 0 ? (Object.fromEntries(kept) as Record<string, string | null>) : null;
}

/**
 * Send once: claims the Email for this submission, or refuses when it was already submitted.
 * A client that means to send the same message again submits a copy (Email/set create, or
 * Email/copy), which has its own id.
 */
function claimEmail(store: MethodScope['store'], emailId: string, submissionId: string) {
  const claimed = store.one<{ submission_id: string }>(
    'INSERT INTO sent_emails (email_id, submission_id) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING submission_id',
    emailId,
    submissionId,
  );
  if (claimed) return;
  const first = store.one<{ submission_id: string }>(
    'SELECT submission_id FROM sent_emails WHERE email_id = ?',
    emailId,
  );
  throw setError(
    'forbidden',
    `This email was already submitted (submission ${first?.submission_id}). To send it again, create a copy of the Email and submit the copy.`,
    { alreadySubmittedBy: first?.submission_id ?? null },
  );
}

function releaseEmail(store: MethodScope['store'], emailId: string, submissionId: string) {
  store.run(
    'DELETE FROM sent_emails WHERE email_id = ? AND submission_id = ?',
    emailId,
    submissionId,
  );
}

async function create(scope: MethodScope, object: Args): Promise<Args> {
  const { store, ctx } = scope;
  const identity = store.one<{ id: string; email: string }>(
    'SELECT id, email FROM identities WHERE id = ?',
    typeof object.identityId === 'string' ? resolveId(scope, object.identityId) : '',
  );
  if (!identity)
    throw setError('invalidProperties', 'Unknown identity.', { properties: ['identityId'] });
  const emailId = typeof object.emailId === 'string' ? resolveId(scope, object.emailId) : '';
  const email = store.one<{ id: string; blob_id: string; thread_id: string; summary: string }>(
    'SELECT id, blob_id, thread_id, summary FROM emails WHERE id = ?',
    emailId,
  );
  if (!email) throw setError('invalidProperties', 'Unknown email.', { properties: ['emailId'] });
  const summary = JSON.parse(email.summary) as MessageSummary;
  const fromEmail = summary.from?.[0]?.email?.toLowerCase();
  if (fromEmail !== identity.email.toLowerCase()) {
    throw setError('forbiddenFrom', 'The email is not from this identity.');
  }
  const envelope = envelopeOf(object, identity.email, summary);
  if (envelope.rcptTo.length === 0) throw setError('noRecipients', 'The email has no recipient.');
  if (store.usedBytes() > ctx.quotaBytes) throw setError('overQuota', 'The mailbox is full.');
  const id = newId('S');
  // Claimed synchronously, before the first await: two concurrent submissions of one Email
  // run in the same DO, so exactly one of them gets past this point.
  claimEmail(store, email.id, id);
  let result: Awaited<ReturnType<typeof dispatchOutbound>>;
  try {
    const raw = await store.readBlob(email.blob_id);
    if (!raw) throw setError('invalidEmail', 'The message cannot be read.');
    result = await dispatchOutbound(store.env, {
      fromBalId: ctx.accountId,
      envelope,
      raw,
      submissionId: id,
    });
    if (!result.ok) {
      const tooLarge = result.refused.every((r) => r.reason === 'too_large');
      if (tooLarge)
        throw setError('tooLarge', 'The message is too large.', { maxSize: MAX_MESSAGE_BYTES });
      throw setError('invalidRecipients', 'Recipients outside the MSSanté trust space.', {
        invalidRecipients: result.refused.map((r) => r.address),
        refused: result.refused,
      });
    }
  } catch (error) {
    // Pli's own refusals send nothing, so the Email may be fixed and submitted again.
    // Any other failure may have sent part of it: the claim stays, so a retry cannot resend.
    if (error instanceof SetFailure) releaseEmail(store, email.id, id);
    throw error;
  }
  const now = Date.now();
  const dispatched = result.statuses;
  const deliveryStatus: DeliveryStatusMap = Object.fromEntries(
    envelope.rcptTo.map((r) => [
      r,
      {
        ...(dispatched[normaliseAddress(r) ?? r] ?? {
          delivered: 'queued',
          smtpReply: QUEUED_REPLY,
        }),
        displayed: 'unknown',
      },
    ]),
  );
  const given = object.envelope as { mailFrom?: Args; rcptTo?: Args[] } | null | undefined;
  const envelopeJson = {
    mailFrom: { email: envelope.mailFrom, parameters: smtpParameters(given?.mailFrom) },
    rcptTo: envelope.rcptTo.map((email, i) => ({
      email,
      parameters: smtpParameters(given?.rcptTo?.[i]),
    })),
  };
  store.transaction(() => {
    store.run(
      `INSERT INTO submissions (id, identity_id, email_id, thread_id, envelope, send_at, undo_status, delivery_status, message_id)
       VALUES (?, ?, ?, ?, ?, ?, 'final', ?, ?)`,
      id,
      identity.id,
      email.id,
      email.thread_id,
      JSON.stringify(envelopeJson),
      now,
      JSON.stringify(deliveryStatus),
      summary.messageId?.[0] ?? null,
    );
    for (const rcpt of envelope.rcptTo) {
      const messageId = summary.messageId?.[0];
      if (messageId && isOnPatientDomain(rcpt)) {
        notePatientMessage(store, { messageId, patient: rcpt, threadId: email.thread_id, summary });
      }
    }
    store.change('EmailSubmission', id, 'created');
  });
  scope.waitUntil(
    recordTrace(store.env.DB, {
      kind: 'mail_sent',
      actorIdNat: ctx.actorIdNat,
      balId: ctx.accountId,
      channel: ctx.channel,
      detail: `recipients=${envelope.rcptTo.length}`,
    }),
  );
  // The sender's recent correspondents (the directory's address book; never patients).
  scope.waitUntil(noteRecentCorrespondents(store.env.DB, ctx.actorIdNat, envelope.rcptTo));
  return { id, threadId: email.thread_id, sendAt: utcDate(now), undoStatus: 'final' };
}

const set: Handler = async (scope, args) => {
  const result = await runSet(scope, args, 'EmailSubmission', {
    create: (object) => create(scope, object),
    update: (id, patch) => {
      if (!scope.store.one('SELECT 1 AS x FROM submissions WHERE id = ?', id))
        throw setError('notFound');
      if (patch.undoStatus === 'canceled')
        throw setError('cannotUnsend', 'The message has already been sent.');
      throw setError('invalidProperties', undefined, { properties: Object.keys(patch) });
    },
    destroy: (id) => {
      if (!scope.store.one('SELECT 1 AS x FROM submissions WHERE id = ?', id))
        throw setError('notFound');
      scope.store.run('DELETE FROM submissions WHERE id = ?', id);
      scope.store.change('EmailSubmission', id, 'destroyed');
    },
  });
  await onSuccess(scope, args, result);
  return result;
};

/** onSuccessUpdateEmail / onSuccessDestroyEmail: an implicit Email/set after the response. */
async function onSuccess(scope: MethodScope, args: Args, result: Args) {
  const created = (result.created ?? {}) as Record<string, { id: string }>;
  const emailOf = (key: string): string | null => {
    const subId = key.startsWith('#') ? created[key.slice(1)]?.id : key;
    if (!subId) return null;
    return (
      scope.store.one<{ email_id: string }>('SELECT email_id FROM submissions WHERE id = ?', subId)
        ?.email_id ?? null
    );
  };
  const update: Args = {};
  for (const [key, patch] of Object.entries((args.onSuccessUpdateEmail ?? {}) as Args)) {
    const emailId = emailOf(key);
    if (emailId) update[emailId] = patch;
  }
  const destroy = ((args.onSuccessDestroyEmail ?? []) as string[])
    .map(emailOf)
    .filter((id): id is string => id !== null);
  if (Object.keys(update).length === 0 && destroy.length === 0) return;
  const emailResult = await emailSet(scope, { accountId: args.accountId, update, destroy });
  scope.extra.push(['Email/set', emailResult]);
}

export const submissionMethods: Record<string, Handler> = {
  'EmailSubmission/get': get,
  'EmailSubmission/changes': changes,
  'EmailSubmission/query': query,
  'EmailSubmission/queryChanges': queryChanges,
  'EmailSubmission/set': set,
};
