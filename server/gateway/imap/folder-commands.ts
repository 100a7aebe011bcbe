/**
 * Folder commands: NAMESPACE, LIST/LSUB (with SPECIAL-USE, RFC 6154), STATUS,
 * SELECT/EXAMINE, UNSELECT, CREATE/DELETE/RENAME (Mailbox/set), SUBSCRIBE/UNSUBSCRIBE.
 */
import type { MailAccount } from './account.ts';
import { AUTHENTICATED, type CommandHandler, SELECTED } from './command-types.ts';
import { FOLDER_FLAGS } from './flags.ts';
import {
  allFolders,
  clientName,
  DELIMITER,
  findFolder,
  folderByName,
  type ImapFolder,
  matchesPattern,
  SHARED_ROOT,
  wireName,
} from './folders.ts';
import {
  atom,
  compile,
  ImapError,
  type ImapNode,
  listOf,
  nodeValue,
  status,
  str,
} from './protocol.ts';
import { SelectedFolder } from './selected.ts';
import type { ImapSession } from './session.ts';

/** The folder a command names, in whichever BAL it is; NO when there is none. */
async function folderNamed(session: ImapSession, node: ImapNode | undefined) {
  const name = clientName(nodeValue(node) ?? '');
  const found = await folderByName(session.accounts, name);
  if (!found.folder) throw new ImapError('NO', 'Dossier introuvable', 'NONEXISTENT');
  return { ...found, folder: found.folder, name };
}

function listAttributes(folder: ImapFolder): ImapNode[] {
  const attributes = [folder.hasChildren ? '\\HasChildren' : '\\HasNoChildren'];
  if (folder.specialUse) attributes.push(folder.specialUse);
  return attributes.map(atom);
}

async function list(session: ImapSession, tag: string, args: ImapNode[], lsub: boolean) {
  let rest = args;
  let specialOnly = false;
  let subscribedOnly = lsub;
  const selection = listOf(rest[0]);
  if (selection) {
    const options = selection.map((n) => (nodeValue(n) ?? '').toUpperCase());
    specialOnly = options.includes('SPECIAL-USE');
    subscribedOnly ||= options.includes('SUBSCRIBED');
    rest = rest.slice(1);
  }
  const reference = nodeValue(rest[0]) ?? '';
  const patternNode = rest[1];
  const patterns = (listOf(patternNode) ?? [patternNode]).map((n) => nodeValue(n) ?? '');
  const command = lsub ? 'LSUB' : 'LIST';
  if (patterns.length === 1 && patterns[0] === '') {
    session.write(compile('*', command, [[atom('\\Noselect')], str(DELIMITER), str('')]));
    session.write(status(tag, 'OK', `${command} termine`));
    return;
  }
  const { folders, roots } = await allFolders(session.accounts);
  for (const root of roots) {
    if (specialOnly || subscribedOnly) break;
    if (!patterns.some((p) => matchesPattern(root, reference, p))) continue;
    const attributes = [atom('\\Noselect'), atom('\\HasChildren')];
    session.write(compile('*', command, [attributes, str(DELIMITER), str(wireName(root))]));
  }
  for (const folder of folders) {
    if (!patterns.some((p) => matchesPattern(folder.name, reference, p))) continue;
    if (specialOnly && !folder.specialUse) continue;
    if (subscribedOnly && !folder.mailbox.isSubscribed && folder.name !== 'INBOX') continue;
    const attributes = listAttributes(folder);
    if (subscribedOnly && !lsub) attributes.push(atom('\\Subscribed'));
    session.write(compile('*', command, [attributes, str(DELIMITER), str(wireName(folder.name))]));
  }
  session.write(status(tag, 'OK', `${command} termine`));
}

async function select(session: ImapSession, tag: string, args: ImapNode[], readOnly: boolean) {
  session.selected = null;
  session.state = 'authenticated';
  const { folder, name } = await folderNamed(session, args[0]);
  const selected = await SelectedFolder.open(folder.account, folder.mailbox.id, name, readOnly);
  const firstUnseen = selected.messages.findIndex((m) => !m[3].includes('$seen'));
  session.write(compile('*', 'FLAGS', [FOLDER_FLAGS.map(atom)]));
  session.write(
    status('*', 'OK', 'Drapeaux permanents', `PERMANENTFLAGS (${FOLDER_FLAGS.join(' ')} \\*)`),
  );
  session.write(compile('*', String(selected.messages.length), [atom('EXISTS')]));
  session.write(compile('*', '0', [atom('RECENT')]));
  if (firstUnseen !== -1) {
    session.write(status('*', 'OK', 'Premier non lu', `UNSEEN ${firstUnseen + 1}`));
  }
  session.write(status('*', 'OK', 'UIDs valides', `UIDVALIDITY ${selected.uidValidity}`));
  session.write(status('*', 'OK', 'UID suivant', `UIDNEXT ${selected.uidNext}`));
  session.write(
    status('*', 'OK', 'Modseq le plus haut', `HIGHESTMODSEQ ${selected.highestModSeq}`),
  );
  session.selected = selected;
  session.state = 'selected';
  session.write(
    status(
      tag,
      'OK',
      readOnly ? 'EXAMINE termine' : 'SELECT termine',
      readOnly ? 'READ-ONLY' : 'READ-WRITE',
    ),
  );
}

const STATUS_ITEMS = ['MESSAGES', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'RECENT', 'HIGHESTMODSEQ'];

/** The parent and leaf name of a new folder's path; the parent must exist. */
function placeOf(folders: ImapFolder[], name: string): { parentId: string | null; leaf: string } {
  const at = name.lastIndexOf(DELIMITER);
  if (at === -1) return { parentId: null, leaf: name };
  const parent = findFolder(folders, name.slice(0, at));
  if (!parent) throw new ImapError('NO', "Le dossier parent n'existe pas", 'NONEXISTENT');
  return { parentId: parent.mailbox.id, leaf: name.slice(at + 1) };
}

async function mailboxSet(account: MailAccount, args: Record<string, unknown>, key: string) {
  const response = await account.call('Mailbox/set', args);
  const failed =
    (response.notCreated as Record<string, { type: string }> | null)?.[key] ??
    (response.notUpdated as Record<string, { type: string }> | null)?.[key] ??
    (response.notDestroyed as Record<string, { type: string }> | null)?.[key];
  if (failed) {
    const text = failed.type === 'alreadyExists' ? 'Ce dossier existe deja' : 'Operation refusee';
    throw new ImapError('NO', text, failed.type === 'alreadyExists' ? 'ALREADYEXISTS' : 'CANNOT');
  }
  return response;
}

export const folderCommands: Record<string, CommandHandler> = {
  NAMESPACE: {
    states: AUTHENTICATED,
    async run(session, { tag }) {
      const shared =
        session.accounts.length > 1 ? [[str(`${SHARED_ROOT}${DELIMITER}`), str(DELIMITER)]] : null;
      session.write(compile('*', 'NAMESPACE', [[[str(''), str(DELIMITER)]], null, shared]));
      session.write(status(tag, 'OK', 'NAMESPACE termine'));
    },
  },
  LIST: {
    states: AUTHENTICATED,
    run: (session, { tag, attributes }) => list(session, tag, attributes, false),
  },
  LSUB: {
    states: AUTHENTICATED,
    run: (session, { tag, attributes }) => list(session, tag, attributes, true),
  },
  SELECT: {
    states: AUTHENTICATED,
    run: (session, { tag, attributes }) => select(session, tag, attributes, false),
  },
  EXAMINE: {
    states: AUTHENTICATED,
    run: (session, { tag, attributes }) => select(session, tag, attributes, true),
  },
  UNSELECT: {
    states: SELECTED,
    async run(session, { tag }) {
      session.selected = null;
      session.state = 'authenticated';
      session.write(status(tag, 'OK', 'UNSELECT termine'));
    },
  },
  STATUS: {
    states: AUTHENTICATED,
    async run(session, { tag, attributes }) {
      const { folder, name } = await folderNamed(session, attributes[0]);
      const items = (listOf(attributes[1]) ?? []).map((n) => (nodeValue(n) ?? '').toUpperCase());
      const m = folder.mailbox;
      const values: Record<string, number> = {
        MESSAGES: m.totalEmails,
        UIDNEXT: m.uidNext,
        UIDVALIDITY: m.uidValidity,
        UNSEEN: m.unreadEmails,
        RECENT: 0,
        HIGHESTMODSEQ: m.highestModSeq,
      };
      const out: ImapNode[] = [];
      for (const item of items) {
        if (!STATUS_ITEMS.includes(item)) throw new ImapError('BAD', 'Element de STATUS inconnu');
        out.push(atom(item), values[item] ?? 0);
      }
      session.write(compile('*', 'STATUS', [str(wireName(name)), out]));
      session.write(status(tag, 'OK', 'STATUS termine'));
    },
  },
  CREATE: {
    states: AUTHENTICATED,
    async run(session, { tag, attributes }) {
      const name = clientName(nodeValue(attributes[0]) ?? '');
      const { account, local, folders, folder } = await folderByName(session.accounts, name);
      if (!local || local === 'INBOX' || folder) {
        throw new ImapError('NO', 'Ce dossier existe deja', 'ALREADYEXISTS');
      }
      const { parentId, leaf } = placeOf(folders, local);
      if (!leaf) throw new ImapError('BAD', 'Nom de dossier invalide');
      await mailboxSet(account, { create: { f: { name: leaf, parentId } } }, 'f');
      session.write(status(tag, 'OK', 'CREATE termine'));
    },
  },
  DELETE: {
    states: AUTHENTICATED,
    async run(session, { tag, attributes }) {
      const { folder, account } = await folderNamed(session, attributes[0]);
      if (folder.mailbox.role)
        throw new ImapError('NO', 'Ce dossier ne peut etre supprime', 'CANNOT');
      if (folder.hasChildren) throw new ImapError('NO', 'Ce dossier a des sous-dossiers', 'INUSE');
      const id = folder.mailbox.id;
      await mailboxSet(account, { destroy: [id], onDestroyRemoveEmails: true }, id);
      if (session.selected?.mailboxId === id) {
        session.selected = null;
        session.state = 'authenticated';
      }
      session.write(status(tag, 'OK', 'DELETE termine'));
    },
  },
  RENAME: {
    states: AUTHENTICATED,
    async run(session, { tag, attributes }) {
      const { folder, account } = await folderNamed(session, attributes[0]);
      if (folder.mailbox.role === 'inbox')
        throw new ImapError('NO', 'INBOX ne peut etre renomme', 'CANNOT');
      const target = await folderByName(
        session.accounts,
        clientName(nodeValue(attributes[1]) ?? ''),
      );
      if (target.account.id !== account.id) {
        throw new ImapError('NO', 'Un dossier ne change pas de BAL', 'CANNOT');
      }
      if (!target.local || target.folder) {
        throw new ImapError('NO', 'Ce dossier existe deja', 'ALREADYEXISTS');
      }
      const { parentId, leaf } = placeOf(target.folders, target.local);
      const id = folder.mailbox.id;
      await mailboxSet(account, { update: { [id]: { name: leaf, parentId } } }, id);
      session.write(status(tag, 'OK', 'RENAME termine'));
    },
  },
  SUBSCRIBE: {
    states: AUTHENTICATED,
    async run(session, { tag, attributes }) {
      const { folder, account } = await folderNamed(session, attributes[0]);
      const id = folder.mailbox.id;
      await mailboxSet(account, { update: { [id]: { isSubscribed: true } } }, id);
      session.write(status(tag, 'OK', 'SUBSCRIBE termine'));
    },
  },
  UNSUBSCRIBE: {
    states: AUTHENTICATED,
    async run(session, { tag, attributes }) {
      const { folder, account } = await folderNamed(session, attributes[0]);
      const id = folder.mailbox.id;
      await mailboxSet(account, { update: { [id]: { isSubscribed: false } } }, id);
      session.write(status(tag, 'OK', 'UNSUBSCRIBE termine'));
    },
  },
};
