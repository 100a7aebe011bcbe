import { MIME_VIOLATIONS } from '../mail/mime-tree.ts';
import { isMessage, parseMessage } from '../mail/parse.ts';
import { readAnyBlob } from '../mailbox/blobs.ts';
import { insertEmail } from '../mailbox/emails.ts';
import { type Args, CAPABILITIES, type Handler, resolveId } from './context.ts';
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
      // RFC 8621 section 4.8: a blobId not found is an invalid property.
      if (!blob)
        throw setError('invalidProperties', 'No blob with this id.', { properties: ['blobId'] });
      const parsed = parseMessage(blob.bytes);
      if (parsed.violation) {
        throw setError('invalidEmail', MIME_VIOLATIONS[parsed.violation], {
          limit: parsed.violation,
        });
      }
      if (!isMessage(parsed.root))
        throw setError('invalidEmail', 'The blob is not an RFC 5322 message.');
      const result = await insertEmail(store, {
        raw: blob.bytes,
        summary: parsed.summary,
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

/** Email/parse: reads uploaded or stored messages without storing them. */
const parse: Handler = async (scope, args) => {
  // RFC 8621 section 4.9: id, mailboxIds, keywords and receivedAt are null when asked
  // for (threadId too: Pli does not say which thread an unstored message would join).
  const askedId = Array.isArray(args.properties) && args.properties.includes('id');
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
    // An unstored message has no UID or modseq: the IMAP properties are unknown here.
    scope.ctx.using.filter((u) => u !== CAPABILITIES.imap),
  ).filter((p) => p !== 'id' || askedId);
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
      const { root, summary, violation } = parseMessage(blob.bytes);
      if (violation || !isMessage(root)) {
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
