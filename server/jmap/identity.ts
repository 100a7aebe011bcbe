import { newId } from '../mailbox/store.ts';
import {
  type Args,
  CAPABILITIES,
  type Handler,
  idsArg,
  intArg,
  type MethodScope,
  pick,
  propertiesArg,
  stringArg,
} from './context.ts';
import { setError } from './errors.ts';
import { runSet } from './set.ts';

const PROPERTIES = [
  'id',
  'name',
  'email',
  'replyTo',
  'bcc',
  'textSignature',
  'htmlSignature',
  'mayDelete',
] as const;

interface IdentityRow extends Record<string, SqlStorageValue> {
  id: string;
  name: string;
  email: string;
  reply_to: string | null;
  bcc: string | null;
  text_signature: string;
  html_signature: string;
  may_delete: number;
  is_default: number;
}

/** Pli's private property (with `urn:pli:params:jmap:mssante`): the composer's default. */
const DEFAULT_PROPERTY = 'mssIsDefault';

/**
 * The default identity: the one marked, else the mailbox address's own (the first one);
 * each BAL has exactly one.
 */
function defaultId(rows: IdentityRow[]): string | undefined {
  return (rows.find((r) => r.is_default === 1) ?? rows[0])?.id;
}

const toIdentity = (row: IdentityRow, isDefault: boolean): Args => ({
  id: row.id,
  name: row.name,
  email: row.email,
  replyTo: row.reply_to ? JSON.parse(row.reply_to) : null,
  bcc: row.bcc ? JSON.parse(row.bcc) : null,
  textSignature: row.text_signature,
  htmlSignature: row.html_signature,
  mayDelete: row.may_delete === 1,
  [DEFAULT_PROPERTY]: isDefault,
});

const get: Handler = ({ store, ctx }, args) => {
  const ids = idsArg(args);
  const known: string[] = ctx.using.includes(CAPABILITIES.mssante)
    ? [...PROPERTIES, DEFAULT_PROPERTY]
    : [...PROPERTIES];
  const properties = propertiesArg(args, known, known);
  const rows = store.all<IdentityRow>('SELECT * FROM identities ORDER BY may_delete, id');
  const chosen = defaultId(rows);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const wanted = ids ?? rows.map((r) => r.id);
  return {
    accountId: args.accountId,
    state: store.state('Identity'),
    list: wanted
      .filter((id) => byId.has(id))
      .map((id) => pick(toIdentity(byId.get(id) as IdentityRow, id === chosen), properties)),
    notFound: wanted.filter((id) => !byId.has(id)),
  };
};

const changes: Handler = ({ store }, args) => ({
  accountId: args.accountId,
  ...store.changesSince(
    'Identity',
    stringArg(args, 'sinceState'),
    intArg(args, 'maxChanges', null),
  ),
});

const EDITABLE: Record<string, keyof IdentityRow> = {
  name: 'name',
  replyTo: 'reply_to',
  bcc: 'bcc',
  textSignature: 'text_signature',
  htmlSignature: 'html_signature',
};

/** Marks one identity as the default (the others lose the mark). */
function makeDefault(scope: MethodScope, id: string, value: unknown) {
  if (typeof value !== 'boolean' || !scope.ctx.using.includes(CAPABILITIES.mssante))
    throw setError('invalidProperties', undefined, { properties: [DEFAULT_PROPERTY] });
  if (!value) return;
  scope.store.run('UPDATE identities SET is_default = (id = ?)', id);
  // Which one is the default shows on every identity.
  for (const row of scope.store.all<{ id: string }>('SELECT id FROM identities')) {
    scope.store.change('Identity', row.id, 'updated');
  }
}

function column(key: string, value: unknown): string | null {
  if (key === 'replyTo' || key === 'bcc') {
    if (value === null) return null;
    if (!Array.isArray(value))
      throw setError('invalidProperties', undefined, { properties: [key] });
    return JSON.stringify(value);
  }
  if (typeof value !== 'string')
    throw setError('invalidProperties', undefined, { properties: [key] });
  return value;
}

const set: Handler = (scope, args) =>
  runSet(scope, args, 'Identity', {
    create: (object) => {
      const address = scope.store.meta('address');
      if (typeof object.email !== 'string' || object.email.toLowerCase() !== address) {
        throw setError('forbiddenFrom', 'An identity can only use the address of this mailbox.');
      }
      const id = newId('I');
      scope.store.run('INSERT INTO identities (id, name, email) VALUES (?, ?, ?)', id, '', address);
      for (const [key, value] of Object.entries(object)) {
        if (key === 'email') continue;
        if (key === DEFAULT_PROPERTY) {
          makeDefault(scope, id, value);
          continue;
        }
        const col = EDITABLE[key];
        if (!col) throw setError('invalidProperties', undefined, { properties: [key] });
        scope.store.run(`UPDATE identities SET ${col} = ? WHERE id = ?`, column(key, value), id);
      }
      scope.store.change('Identity', id, 'created');
      return { id, mayDelete: true };
    },
    update: (id, patch) => {
      if (!scope.store.one('SELECT 1 AS x FROM identities WHERE id = ?', id))
        throw setError('notFound');
      for (const [key, value] of Object.entries(patch)) {
        if (key === DEFAULT_PROPERTY) {
          makeDefault(scope, id, value);
          continue;
        }
        const col = EDITABLE[key];
        if (!col) throw setError('invalidProperties', undefined, { properties: [key] });
        scope.store.run(`UPDATE identities SET ${col} = ? WHERE id = ?`, column(key, value), id);
      }
      scope.store.change('Identity', id, 'updated');
      return null;
    },
    destroy: (id) => {
      const row = scope.store.one<{ may_delete: number }>(
        'SELECT may_delete FROM identities WHERE id = ?',
        id,
      );
      if (!row) throw setError('notFound');
      if (row.may_delete === 0) throw setError('forbidden', 'The mailbox address identity stays.');
      scope.store.run('DELETE FROM identities WHERE id = ?', id);
      scope.store.change('Identity', id, 'destroyed');
      // The mailbox address's own identity is the default again.
      const first = scope.store.one<{ id: string }>(
        'SELECT id FROM identities ORDER BY may_delete, id LIMIT 1',
      );
      if (first) scope.store.change('Identity', first.id, 'updated');
    },
  });

export const identityMethods: Record<string, Handler> = {
  'Identity/get': get,
  'Identity/changes': changes,
  'Identity/set': set,
};
