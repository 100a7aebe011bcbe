/**
 * valibot schemas of the JMAP method arguments Pli serves: the standard methods of RFC 8620
 * section 5 (`/get`, `/changes`, `/set`, `/query`, `/queryChanges`) and the extra arguments
 * of RFC 8621, RFC 9007 and RFC 9425 methods. The server checks every call against its
 * schema before running it, answering `invalidArguments` with what is wrong. Objects stay
 * open (`looseObject`): a method reads only what it knows, and each object's own properties
 * (an Email to create, a filter condition) are checked by the method.
 *
 * @example
 * v.is(argumentsSchema('Email/get'), { accountId: 'b1', ids: ['M1'] }); // true
 * v.is(argumentsSchema('Email/get'), { accountId: 'b1', ids: 'M1' }); // false
 */
import * as v from 'valibot';
import { CleanupAgeSchema } from '../account/cleanup.ts';
import { ImapFolderSyncArgsSchema } from './imap.ts';
import { JsonObjectSchema } from './schemas.ts';

/** An Id (RFC 8620 section 1.2), or a creation id reference `#…` where Pli allows one. */
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const Int = v.pipe(v.number(), v.integer(), v.safeInteger());
const UnsignedInt = v.pipe(Int, v.minValue(0));
const Obj = JsonObjectSchema;
const opt = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));

const Comparator = v.looseObject({
  property: v.string(),
  isAscending: v.optional(v.boolean()),
  collation: v.optional(v.string()),
  keyword: v.optional(v.string()),
});

const base = { accountId: Id };

const get = { ...base, ids: opt(v.array(Id)), properties: opt(v.array(v.string())) };
const changes = {
  ...base,
  sinceState: v.string(),
  maxChanges: opt(v.pipe(UnsignedInt, v.minValue(1))),
};
const set = {
  ...base,
  ifInState: opt(v.string()),
  create: opt(v.record(Id, Obj)),
  update: opt(v.record(Id, Obj)),
  destroy: opt(v.array(Id)),
};
const queryCommon = {
  ...base,
  filter: opt(Obj),
  sort: opt(v.array(Comparator)),
  calculateTotal: v.optional(v.boolean()),
};
const query = {
  ...queryCommon,
  position: v.optional(Int),
  anchor: opt(Id),
  anchorOffset: v.optional(Int),
  limit: opt(UnsignedInt),
};
const queryChanges = {
  ...queryCommon,
  sinceQueryState: v.string(),
  // Unlike /changes, 0 is allowed here (RFC 8620 section 5.6): it asks for tooManyChanges.
  maxChanges: opt(UnsignedInt),
  upToId: opt(Id),
};

const emailGetExtras = {
  bodyProperties: opt(v.array(v.string())),
  fetchTextBodyValues: v.optional(v.boolean()),
  fetchHTMLBodyValues: v.optional(v.boolean()),
  fetchAllBodyValues: v.optional(v.boolean()),
  maxBodyValueBytes: v.optional(UnsignedInt),
};
const onSuccess = {
  onSuccessUpdateEmail: opt(v.record(Id, Obj)),
  onSuccessDestroyEmail: opt(v.array(Id)),
};

const SPECIFIC: Record<string, v.GenericSchema> = {
  'Email/get': v.looseObject({ ...get, ...emailGetExtras }),
  'Email/query': v.looseObject({ ...query, collapseThreads: v.optional(v.boolean()) }),
  'Email/queryChanges': v.looseObject({
    ...queryChanges,
    collapseThreads: v.optional(v.boolean()),
  }),
  'Email/parse': v.looseObject({
    ...base,
    blobIds: v.array(Id),
    properties: opt(v.array(v.string())),
    ...emailGetExtras,
  }),
  'Email/import': v.looseObject({ ...base, ifInState: opt(v.string()), emails: v.record(Id, Obj) }),
  'Email/copy': v.looseObject({
    ...base,
    fromAccountId: Id,
    ifFromInState: opt(v.string()),
    ifInState: opt(v.string()),
    create: v.record(Id, Obj),
    onSuccessDestroyOriginal: v.optional(v.boolean()),
    destroyFromIfInState: opt(v.string()),
  }),
  'Blob/copy': v.looseObject({ ...base, fromAccountId: Id, blobIds: v.array(Id) }),
  'EmailSubmission/set': v.looseObject({ ...set, ...onSuccess }),
  // Not tied to an account (RFC 8620 section 7.2): no accountId, no ifInState.
  'PushSubscription/get': v.looseObject({
    ids: opt(v.array(Id)),
    properties: opt(v.array(v.string())),
  }),
  'PushSubscription/set': v.looseObject({
    create: opt(v.record(Id, Obj)),
    update: opt(v.record(Id, Obj)),
    destroy: opt(v.array(Id)),
  }),
  'ImapFolder/sync': ImapFolderSyncArgsSchema,
  'Cleanup/get': v.looseObject({ ...base, olderThanMonths: opt(CleanupAgeSchema) }),
  'SearchSnippet/get': v.looseObject({ ...base, filter: opt(Obj), emailIds: v.array(Id) }),
  'MDN/send': v.looseObject({
    ...base,
    // Optional for Pli: a receipt always goes out as the BAL's own identity.
    identityId: v.optional(Id),
    send: v.record(Id, Obj),
    ...onSuccess,
  }),
};

const STANDARD: Record<string, v.GenericSchema> = {
  get: v.looseObject(get),
  changes: v.looseObject(changes),
  set: v.looseObject(set),
  query: v.looseObject(query),
  queryChanges: v.looseObject(queryChanges),
};

/** The schema of a method's arguments: its own, or its standard method's (`Foo/get`...). */
export function argumentsSchema(method: string): v.GenericSchema {
  return SPECIFIC[method] ?? STANDARD[method.slice(method.indexOf('/') + 1)] ?? v.looseObject(base);
}

/**
 * Checks a call's arguments; null when they are valid, else a description of the first
 * problem naming the argument (never its value).
 *
 * @example
 * argumentsProblem('Email/query', { accountId: 'b1', limit: -1 }); // 'limit: expected >=0.'
 */
export function argumentsProblem(method: string, args: unknown): string | null {
  const result = v.safeParse(argumentsSchema(method), args, { abortEarly: true });
  if (result.success) return null;
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') || 'arguments';
  // Never the received value: arguments carry subjects, addresses and text.
  if (issue?.input === undefined) return `${path}: required.`;
  return `${path}: ${issue.expected ? `expected ${issue.expected}` : 'invalid value'}.`;
}
