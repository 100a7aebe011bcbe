import { parseMessage } from '../mail/parse.ts';
import { readAnyBlob } from '../mailbox/blobs.ts';
import { insertEmail } from '../mailbox/emails.ts';
import { type Args, type Handler, resolveId } from './context.ts';
import { emailProperties } from './email.ts';
import { keywordsOfArg, mailboxIdsOf } from './email-args.ts';
import { bodyProperties, summaryProperties } from './email-view.ts';
import { MethodError, setError } from './errors.ts';

/** Email/import: stores uploaded messages in folders. */
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
      if (!result.ok && result.reason === 'too_complex')
        throw setError('invalidEmail', result.description, { limit: result.violation });
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

/** Email/parse: reads uploaded or stored messages without storing them. */
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
      const { summary, violation } = parseMessage(blob.bytes);
      if (violation) {
        notParsable.push(blobId);
        continue;
      }
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

export const emailImportMethods: Record<string, Handler> = {
  'Email/import': importEmails,
  'Email/parse': parse,
};
