import type { Bindings } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import type { Args, CallContext } from './context.ts';
import type { SetError } from './errors.ts';

/** The methods that copy between two accounts (RFC 8620 section 5.4 and 6.3). */
export const COPY_METHODS = ['Blob/copy', 'Email/copy'];

/** Two accounts the caller may use: the one copied from and the one copied into. */
export interface CopyAccounts {
  from: CallContext;
  to: CallContext;
}

export interface CopyResult {
  responses: [string, Args][];
  createdIds: Record<string, string>;
}

const orNull = <T extends object>(map: T) => (Object.keys(map).length ? map : null);

/**
 * Copies blobs between accounts (RFC 8620 section 6.3): each is read from the source DO
 * and stored in the target one as an upload is (same lifetime, counted against its quota).
 */
async function blobCopy(env: Bindings, accounts: CopyAccounts, args: Args): Promise<CopyResult> {
  const source = mailboxStub(env, accounts.from.accountId);
  const target = mailboxStub(env, accounts.to.accountId);
  const copied: Record<string, string> = {};
  const notCopied: Record<string, SetError> = {};
  for (const blobId of args.blobIds as string[]) {
    const blob = await source.blob(blobId);
    if (!blob) {
      notCopied[blobId] = { type: 'blobNotFound' };
      continue;
    }
    const stored = await target.upload(blob.bytes, blob.type, accounts.to.quotaBytes);
    if (stored.ok) copied[blobId] = stored.blobId;
    else notCopied[blobId] = { type: 'overQuota', description: 'The mailbox is full.' };
  }
  return {
    responses: [
      [
        'Blob/copy',
        {
          fromAccountId: accounts.from.accountId,
          accountId: accounts.to.accountId,
          copied: orNull(copied),
          notCopied: orNull(notCopied),
        },
      ],
    ],
    createdIds: {},
  };
}

interface SourceEmail {
  id: string;
  blobId: string;
  keywords: Record<string, boolean>;
  receivedAt: string;
}

/**
 * Copies emails between accounts (RFC 8621 section 4.7): the source DO says which message
 * each id is, its raw bytes are stored in the target and imported there with the
 * EmailCopy's mailboxIds (and its keywords and receivedAt, else the original's). With
 * `onSuccessDestroyOriginal`, the originals copied are then destroyed by an implicit
 * Email/set on the source account.
 */
async function emailCopy(
  env: Bindings,
  accounts: CopyAccounts,
  args: Args,
  ids: Record<string, string>,
): Promise<CopyResult> {
  const source = mailboxStub(env, accounts.from.accountId);
  const target = mailboxStub(env, accounts.to.accountId);
  const create = (args.create ?? {}) as Record<string, Args>;
  const sourceIdOf = (item: Args) => {
    const id = typeof item.id === 'string' ? item.id : '';
    return id.startsWith('#') ? (ids[id.slice(1)] ?? id) : id;
  };
  const got = await source.call(
    accounts.from,
    'Email/get',
    {
      accountId: accounts.from.accountId,
      ids: Object.values(create).map(sourceIdOf),
      properties: ['blobId', 'keywords', 'receivedAt'],
    },
    ids,
  );
  const [name, answer] = got.responses[0] ?? ['error', { type: 'serverFail' }];
  if (name === 'error') return { responses: [['error', answer]], createdIds: ids };
  if (typeof args.ifFromInState === 'string' && args.ifFromInState !== answer.state) {
    return { responses: [['error', { type: 'stateMismatch' }]], createdIds: ids };
  }
  const found = new Map((answer.list as SourceEmail[]).map((e) => [e.id, e]));
  const notCreated: Record<string, SetError> = {};
  const emails: Record<string, Args> = {};
  const originals: Record<string, string> = {};
  for (const [cid, item] of Object.entries(create)) {
    const original = found.get(sourceIdOf(item));
    if (!original) {
      notCreated[cid] = { type: 'notFound', description: 'No email with this id.' };
      continue;
    }
    const raw = await source.blob(original.blobId);
    if (!raw) {
      notCreated[cid] = { type: 'notFound', description: 'No email with this id.' };
      continue;
    }
    const stored = await target.upload(raw.bytes, 'message/rfc822', accounts.to.quotaBytes);
    if (!stored.ok) {
      notCreated[cid] = { type: 'overQuota', description: 'The mailbox is full.' };
      continue;
    }
    emails[cid] = {
      blobId: stored.blobId,
      mailboxIds: item.mailboxIds,
      keywords: item.keywords ?? original.keywords,
      receivedAt: item.receivedAt ?? original.receivedAt,
    };
    originals[cid] = original.id;
  }
  const imported = await target.call(
    accounts.to,
    'Email/import',
    {
      accountId: accounts.to.accountId,
      emails,
      ...(typeof args.ifInState === 'string' ? { ifInState: args.ifInState } : {}),
    },
    ids,
  );
  const [importName, result] = imported.responses[0] ?? ['error', { type: 'serverFail' }];
  if (importName === 'error') return { responses: [['error', result]], createdIds: ids };
  const created = (result.created ?? {}) as Record<string, Args>;
  Object.assign(notCreated, result.notCreated ?? {});
  const responses: [string, Args][] = [
    [
      'Email/copy',
      {
        fromAccountId: accounts.from.accountId,
        accountId: accounts.to.accountId,
        oldState: result.oldState,
        newState: result.newState,
        created: orNull(created),
        notCreated: orNull(notCreated),
      },
    ],
  ];
  let createdIds = imported.createdIds;
  const destroy = Object.keys(created).map((cid) => originals[cid] as string);
  if (args.onSuccessDestroyOriginal === true && destroy.length) {
    const destroyed = await source.call(
      accounts.from,
      'Email/set',
      {
        accountId: accounts.from.accountId,
        destroy,
        ...(typeof args.destroyFromIfInState === 'string'
          ? { ifInState: args.destroyFromIfInState }
          : {}),
      },
      createdIds,
    );
    createdIds = destroyed.createdIds;
    responses.push(...destroyed.responses);
  }
  return { responses, createdIds };
}

/** Runs a /copy method between two accounts the caller may use. */
export function copyBetween(
  env: Bindings,
  name: string,
  accounts: CopyAccounts,
  args: Args,
  ids: Record<string, string>,
): Promise<CopyResult> {
  return name === 'Blob/copy' ? blobCopy(env, accounts, args) : emailCopy(env, accounts, args, ids);
}
