/**
 * Pli's folders as IMAP mailboxes: the inbox is `INBOX` (its children `INBOX/...`), other
 * folders are their JMAP names joined with `/` along `parentId`, and roles become the
 * SPECIAL-USE attributes of RFC 6154.
 */
import type { JmapMailbox, MailAccount } from './account.ts';
import { decodeMutf7, encodeMutf7 } from './mutf7.ts';

export const DELIMITER = '/';

/**
 * The shared namespace (RFC 2342): the other BALs the person may use (delegated to them)
 * appear as `Partages/<address>/INBOX`, `Partages/<address>/Envoyés`...
 */
export const SHARED_ROOT = 'Partages';

const sharedPrefix = (account: MailAccount) =>
  `${SHARED_ROOT}${DELIMITER}${account.address}${DELIMITER}`;

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
  account: MailAccount;
  mailbox: JmapMailbox;
  name: string;
  specialUse: string | null;
  hasChildren: boolean;
}

/** The folders of one BAL by their name in it, INBOX first. */
export function imapFolders(mailboxes: JmapMailbox[], account: MailAccount): ImapFolder[] {
  const byId = new Map(mailboxes.map((m) => [m.id, m]));
  const nameOf = (mailbox: JmapMailbox, depth = 0): string => {
    const own = mailbox.role === 'inbox' ? 'INBOX' : mailbox.name.replaceAll(DELIMITER, '_');
    const parent = mailbox.parentId ? byId.get(mailbox.parentId) : undefined;
    return parent && depth < 20 ? `${nameOf(parent, depth + 1)}${DELIMITER}${own}` : own;
  };
  const parents = new Set(mailboxes.map((m) => m.parentId).filter(Boolean));
  return mailboxes
    .map((mailbox) => ({
      account,
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

/**
 * Which BAL a full IMAP name is in, and its name there: `Partages/<address>/...` names a
 * delegated BAL, anything else the login's own.
 */
export function locate(
  accounts: MailAccount[],
  name: string,
): { account: MailAccount; local: string } {
  for (const account of accounts.slice(1)) {
    const prefix = sharedPrefix(account);
    if (name.toLowerCase().startsWith(prefix.toLowerCase())) {
      return { account, local: clientName(name.slice(prefix.length)) };
    }
  }
  return { account: accounts[0] as MailAccount, local: name };
}

/** The folder a full IMAP name designates, read from its BAL. */
export async function folderByName(accounts: MailAccount[], name: string) {
  const { account, local } = locate(accounts, name);
  const folders = imapFolders(await account.mailboxes(), account);
  return { account, local, folders, folder: findFolder(folders, local) };
}

/**
 * Every folder the login sees under its full name: its own BAL's, then each delegated
 * BAL's under the shared namespace (without special uses: they are not the person's own
 * Sent or Trash); `roots` are the `\Noselect` levels above them.
 */
export async function allFolders(accounts: MailAccount[]) {
  const lists = await Promise.all(accounts.map(async (a) => imapFolders(await a.mailboxes(), a)));
  const folders: ImapFolder[] = [...(lists[0] ?? [])];
  const roots: string[] = accounts.length > 1 ? [SHARED_ROOT] : [];
  accounts.slice(1).forEach((account, i) => {
    const prefix = sharedPrefix(account);
    roots.push(prefix.slice(0, -1));
    for (const folder of lists[i + 1] ?? []) {
      folders.push({ ...folder, name: `${prefix}${folder.name}`, specialUse: null });
    }
  });
  return { folders, roots };
}
