import { type Args, type MethodScope, resolveId } from './context.ts';
import { setError } from './errors.ts';

/** An `invalidProperties` SetError naming the bad properties. */
export const invalid = (properties: string[], description?: string) =>
  setError('invalidProperties', description, { properties });

/** The folder ids of a `mailboxIds` value (creation ids resolved), checked to exist. */
export function mailboxIdsOf(scope: MethodScope, value: unknown): string[] {
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

/** The keywords of a `keywords` value, lowercased and checked (RFC 8621 4.1.1). */
export function keywordsOfArg(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object') throw invalid(['keywords']);
  const list = Object.entries(value as Args)
    .filter(([, v]) => v === true)
    .map(([k]) => k.toLowerCase());
  if (list.some((k) => !/^[\x21-\x7e]{1,255}$/.test(k) || /[()[\]{}%*"\\]/.test(k)))
    throw invalid(['keywords']);
  return list;
}
