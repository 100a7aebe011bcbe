import { newId } from '../mailbox/store.ts';
import {
  type Args,
  type Handler,
  idsArg,
  intArg,
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
}

const toIdentity = (row: IdentityRow): Args => ({
  id: row.id,
  name: row.name,
  email: row.email,
  replyTo: row.reply_to ? JSON.parse(row.reply_to) : null,
  bcc: row.bcc ? JSON.parse(row.bcc) : null,
  textSignature: row.text_signature,
  htmlSignature: row.html_signature,
  mayDelete: row.may_delete === 1,
});

const get: Handler = ({ store }, args) => {
  const ids = idsArg(args);
  const properties = propertiesArg(args, PROPERTIES, PROPERTIES);
  const rows = store.all<IdentityRow>('SELECT * FROM identities ORDER BY may_delete, id');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const wanted = ids ?? rows.map((r) => r.id);
  return {
    accountId: args.accountId,
    state: store.state('Identity'),
    list: wanted
      .filter((id) => byId.has(id))
      .map((id) => pick(toIdentity(byId.get(id) as IdentityRow), properties)),
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
    },
  });

export const identityMethods: Record<string, Handler> = {
  'Identity/get': get,
  'Identity/changes': changes,
  'Identity/set': set,
};
