/** What a directory search text asks for. */
export type DirectoryQuery =
  | { kind: 'none' }
  | { kind: 'address'; address: string }
  | { kind: 'text'; match: string };

/** Longest search text read; the rest is ignored. */
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 8;

/**
 * Turns what a user types into a directory query: an exact address when the text is one,
 * otherwise an FTS5 expression where every word must match a prefix of some column
 * ("mart lyo" finds Claire Martin in Lyon as she is typed). Words are letters and digits
 * only, quoted, so no FTS5 syntax from the user is ever interpreted.
 *
 * @example
 * parseDirectoryQuery('Élodie  infir'); // { kind: 'text', match: '"Élodie"* "infir"*' }
 * parseDirectoryQuery('a@b.fr'); // { kind: 'address', address: 'a@b.fr' }
 */
export function parseDirectoryQuery(text: string): DirectoryQuery {
  const trimmed = text.slice(0, MAX_QUERY_LENGTH).trim();
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(trimmed)) {
    return { kind: 'address', address: trimmed.toLowerCase() };
  }
  const words = (trimmed.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS);
  if (words.length === 0 || words.join('').length < 2) return { kind: 'none' };
  return { kind: 'text', match: words.map((word) => `"${word.slice(0, 40)}"*`).join(' ') };
}
