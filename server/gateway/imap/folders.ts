/**
 * Pli's folders as IMAP mailboxes: the inbox is `INBOX` (its children `INBOX/...`), other
 * folders are their JMAP names joined with `/` along `parentId`, and roles become the
 * SPECIAL-USE attributes of RFC 6154.
 */
import type { JmapMailbox } from './account.ts';
import { decodeMutf7, encodeMutf7 } from './mutf7.ts';

export const DELIMITER = '/';

const SPECIAL_USE: Record<string, string> = {
  sent: '\\Sent',
  drafts: '\\Drafts',
  trash: '\\Trash',
  archive: '\\Archive',
  junk: '\\Junk',
  all: '\\All',
  flagged: '\\Flagged',
  important: '\\Important',
};

/** A folder with its IMAP name (Unicode; encoded in modified UTF-7 on the wire). */
export interface ImapFolder {
  mailbox: JmapMailbox;
  name: string;
  specialUse: string | null;
  hasChildren: boolean;
}

/** The folders by IMAP name, parents before children, INBOX first. */
export function imapFolders(mailboxes: JmapMailbox[]): ImapFolder[] {
  const byId = new Map(mailboxes.map((m) => [m.id, m]));
  const nameOf = (mailbox: JmapMailbox, depth = 0): string => {
    const own = mailbox.role === 'inbox' ? 'INBOX' : mailbox.name.replaceAll(DELIMITER, '_');
    const parent = mailbox.parentId ? byId.get(mailbox.parentId) : undefined;
    return parent && depth < 20 ? `${nameOf(parent, depth + 1)}${DELIMITER}${own}` : own;
  };
  const parents = new Set(mailboxes.map((m) => m.parentId).filter(Boolean));
  return mailboxes
    .map((mailbox) => ({
      mailbox,
      name: nameOf(mailbox),
      specialUse: mailbox.role ? (SPECIAL_USE[mailbox.role] ?? null) : null,
      hasChildren: parents.has(mailbox.id),
    }))
    .sort((a, b) =>
      a.name === 'INBOX'
        ? -1
        : b.name === 'INBOX'
          ? 1
          : a.mailbox.sortOrder - b.mailbox.sortOrder || a.name.localeCompare(b.name),
    );
}

/** The Unicode name a client sent (modified UTF-7, or UTF-8); `inbox` in any case is INBOX. */
export function clientName(wire: string): string {
  const name = decodeMutf7(wire).replace(/\/+$/, '');
  return /^inbox$/i.test(name) ? 'INBOX' : name.replace(/^inbox\//i, 'INBOX/');
}

/** The name as sent to the client. */
export const wireName = (name: string): string => encodeMutf7(name);

export function findFolder(folders: ImapFolder[], name: string): ImapFolder | undefined {
  return folders.find((f) => f.name === name);
}

/** Whether `name` matches a LIST pattern (`*` any, `%` any but the delimiter). */
export function matchesPattern(name: string, reference: string, pattern: string): boolean {
  const full = clientName(`${reference}${pattern}`);
  const source = full
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '%' ? '[^/]*' : c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, /^INBOX/i.test(full) ? 'i' : '').test(name);
}
