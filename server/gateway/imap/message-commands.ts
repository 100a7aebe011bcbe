/**
 * Message commands of the selected state: FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE (and
 * their UID forms), CLOSE; and APPEND. Each change is a JMAP call; the untagged responses
 * that follow come from the folder's next sync (`selected.ts`).
 */
import type { ImapFolderMessage } from '../../../shared/jmap/imap.ts';
import type { MailAccount } from './account.ts';
import {
  AUTHENTICATED,
  type CommandContext,
  type CommandHandler,
  SELECTED,
} from './command-types.ts';
import { fetchMessages, parseItems } from './fetch.ts';
import { flagOf, keywordOf } from './flags.ts';
import { clientName, folderByName } from './folders.ts';
import { atom, compile, ImapError, type ImapNode, listOf, nodeValue, status } from './protocol.ts';
import { search } from './search.ts';
import type { SelectedFolder } from './selected.ts';
import type { ImapSession } from './session.ts';

function contextOf(session: ImapSession): { account: MailAccount; folder: SelectedFolder } {
  if (!session.selected) throw new ImapError('BAD', 'Aucun dossier selectionne');
  return { account: session.selected.account, folder: session.selected };
}

const byUid = (c: CommandContext) => c.name.startsWith('UID ');
const refresh = (session: ImapSession) =>
  session.selected?.refresh((b) => session.write(b), { expunges: true }) ?? Promise.resolve();

/** Email/set updates in chunks the Worker takes; refused ones are a NO. */
async function updateEmails(account: MailAccount, updates: [string, Record<string, unknown>][]) {
  for (let i = 0; i < updates.length; i += 500) {
    const response = await account.call('Email/set', {
      update: Object.fromEntries(updates.slice(i, i + 500)),
    });
    const failed = Object.values(
      (response.notUpdated as Record<string, { type: string }> | null) ?? {},
    );
    if (failed.some((f) => f.type === 'overQuota'))
      throw new ImapError('NO', 'La BAL est pleine', 'OVERQUOTA');
    if (failed.some((f) => f.type !== 'notFound'))
      throw new ImapError('NO', 'Modification refusee', 'CANNOT');
  }
}

async function fetchCommand(session: ImapSession, c: CommandContext) {
  const { folder } = contextOf(session);
  const set = nodeValue(c.attributes[0]) ?? '';
  const items = parseItems(c.attributes[1], byUid(c));
  const indexes = folder.resolve(set, byUid(c));
  await fetchMessages(session, indexes, items);
  session.write(status(c.tag, 'OK', 'FETCH termine'));
}

async function storeCommand(session: ImapSession, c: CommandContext) {
  const { account, folder } = contextOf(session);
  if (folder.readOnly) throw new ImapError('NO', 'Dossier en lecture seule', 'READ-ONLY');
  const indexes = folder.resolve(nodeValue(c.attributes[0]) ?? '', byUid(c));
  const operation = (nodeValue(c.attributes[1]) ?? '').toUpperCase();
  const match = /^([+-]?)FLAGS(\.SILENT)?$/.exec(operation);
  if (!match) throw new ImapError('BAD', 'STORE invalide');
  const flagNodes = listOf(c.attributes[2]) ?? c.attributes.slice(2);
  const keywords = flagNodes
    .map((n) => keywordOf(nodeValue(n) ?? ''))
    .filter((k): k is string => k !== null);
  const mode = match[1] ?? '';
  const updates: [string, Record<string, unknown>][] = indexes.map((i) => {
    const message = folder.messages[i] as ImapFolderMessage;
    if (mode === '')
      return [message[1], { keywords: Object.fromEntries(keywords.map((k) => [k, true])) }];
    return [
      message[1],
      Object.fromEntries(keywords.map((k) => [`keywords/${k}`, mode === '+' ? true : null])),
    ];
  });
  if (keywords.length > 0 || mode === '') await updateEmails(account, updates);
  for (const i of indexes) {
    const message = folder.messages[i] as ImapFolderMessage;
    const current = new Set(mode === '' ? [] : message[3]);
    for (const k of keywords) {
      if (mode === '-') current.delete(k);
      else current.add(k);
    }
    message[3] = [...current].sort();
    if (!match[2]) {
      const out: ImapNode[] = [atom('FLAGS'), message[3].map((k) => atom(flagOf(k)))];
      if (byUid(c)) out.unshift(atom('UID'), message[0]);
      session.write(compile('*', String(i + 1), [atom('FETCH'), out]));
    }
  }
  session.write(status(c.tag, 'OK', 'STORE termine'));
}

async function searchCommand(session: ImapSession, c: CommandContext) {
  const { account, folder } = contextOf(session);
  const indexes = await search(account, folder, c.attributes);
  const numbers = indexes.map((i) =>
    byUid(c) ? (folder.messages[i] as ImapFolderMessage)[0] : i + 1,
  );
  session.write(Buffer.from(`* SEARCH${numbers.map((n) => ` ${n}`).join('')}\r\n`, 'latin1'));
  session.write(status(c.tag, 'OK', 'SEARCH termine'));
}

/** COPY or MOVE: adds the target folder to each email (MOVE also removes this one). */
async function copyCommand(session: ImapSession, c: CommandContext, move: boolean) {
  const { account, folder } = contextOf(session);
  if (move && folder.readOnly) throw new ImapError('NO', 'Dossier en lecture seule', 'READ-ONLY');
  const indexes = folder.resolve(nodeValue(c.attributes[0]) ?? '', byUid(c));
  const { folder: target } = await folderByName(
    session.accounts,
    clientName(nodeValue(c.attributes[1]) ?? ''),
  );
  if (!target) throw new ImapError('NO', 'Dossier de destination introuvable', 'TRYCREATE');
  if (target.account.id !== account.id) {
    throw new ImapError('NO', "Copie d'une BAL a une autre non prise en charge", 'CANNOT');
  }
  const messages = indexes.map((i) => folder.messages[i] as ImapFolderMessage);
  if (messages.length === 0) {
    session.write(status(c.tag, 'OK', move ? 'MOVE termine' : 'COPY termine'));
    return;
  }
  const targetId = target.mailbox.id;
  if (targetId !== folder.mailboxId) {
    await updateEmails(
      account,
      messages.map((m) => [
        m[1],
        move
          ? { [`mailboxIds/${targetId}`]: true, [`mailboxIds/${folder.mailboxId}`]: null }
          : { [`mailboxIds/${targetId}`]: true },
      ]),
    );
  }
  const emails = await account.emails(
    messages.map((m) => m[1]),
    ['imapUids'],
  );
  const pairs = messages
    .map(
      (m) =>
        [
          m[0],
          (emails.get(m[1])?.imapUids as Record<string, number> | undefined)?.[targetId],
        ] as const,
    )
    .filter((p): p is readonly [number, number] => typeof p[1] === 'number');
  const code =
    pairs.length > 0
      ? `COPYUID ${target.mailbox.uidValidity} ${pairs.map((p) => p[0]).join(',')} ${pairs.map((p) => p[1]).join(',')}`
      : undefined;
  if (move) {
    if (code) session.write(status('*', 'OK', 'Deplaces', code));
    await refresh(session);
    session.write(status(c.tag, 'OK', 'MOVE termine'));
  } else {
    session.write(status(c.tag, 'OK', 'COPY termine', code));
  }
}

/** Removes the folder's `\Deleted` messages (in `uids` only, for UID EXPUNGE). */
async function expungeDeleted(
  account: MailAccount,
  folder: SelectedFolder,
  only: Set<number> | null,
) {
  const doomed = folder.messages.filter(
    (m) => m[3].includes('$deleted') && (!only || only.has(m[0])),
  );
  if (doomed.length === 0) return;
  const emails = await account.emails(
    doomed.map((m) => m[1]),
    ['mailboxIds'],
  );
  const destroy: string[] = [];
  const updates: [string, Record<string, unknown>][] = [];
  for (const m of doomed) {
    const mailboxIds = Object.keys((emails.get(m[1])?.mailboxIds as Record<string, true>) ?? {});
    if (mailboxIds.length <= 1) destroy.push(m[1]);
    else updates.push([m[1], { [`mailboxIds/${folder.mailboxId}`]: null }]);
  }
  for (let i = 0; i < destroy.length; i += 500) {
    await account.call('Email/set', { destroy: destroy.slice(i, i + 500) });
  }
  if (updates.length > 0) await updateEmails(account, updates);
}

async function expungeCommand(session: ImapSession, c: CommandContext) {
  const { account, folder } = contextOf(session);
  if (folder.readOnly) throw new ImapError('NO', 'Dossier en lecture seule', 'READ-ONLY');
  const only = byUid(c)
    ? new Set(
        folder
          .resolve(nodeValue(c.attributes[0]) ?? '', true)
          .map((i) => (folder.messages[i] as ImapFolderMessage)[0]),
      )
    : null;
  await expungeDeleted(account, folder, only);
  await refresh(session);
  session.write(status(c.tag, 'OK', 'EXPUNGE termine'));
}

const INTERNAL_DATE = /^(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})$/;

async function appendCommand(session: ImapSession, c: CommandContext) {
  const raw = c.literals[c.literals.length - 1];
  if (!raw || raw.length === 0) throw new ImapError('BAD', 'APPEND sans message');
  const { account, folder: target } = await folderByName(
    session.accounts,
    clientName(nodeValue(c.attributes[0]) ?? ''),
  );
  if (!target) throw new ImapError('NO', 'Dossier introuvable', 'TRYCREATE');
  let flags: string[] = [];
  let receivedAt: string | undefined;
  for (const node of c.attributes.slice(1, -1)) {
    const list = listOf(node);
    if (list)
      flags = list.map((n) => keywordOf(nodeValue(n) ?? '')).filter((k): k is string => k !== null);
    else {
      const value = nodeValue(node) ?? '';
      const m = INTERNAL_DATE.exec(value.trim());
      if (!m) throw new ImapError('BAD', 'Date invalide');
      const parsed = new Date(`${m[2]} ${m[1]} ${m[3]} ${m[4]}:${m[5]}:${m[6]} ${m[7]}`);
      if (Number.isNaN(parsed.getTime())) throw new ImapError('BAD', 'Date invalide');
      receivedAt = parsed.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
  }
  const blobId = await account.upload(raw);
  const response = await account.call('Email/import', {
    emails: {
      a: {
        blobId,
        mailboxIds: { [target.mailbox.id]: true },
        keywords: Object.fromEntries(flags.map((k) => [k, true])),
        ...(receivedAt ? { receivedAt } : {}),
      },
    },
  });
  const failed = (response.notCreated as Record<string, { type: string }> | null)?.a;
  if (failed) {
    if (failed.type === 'overQuota') throw new ImapError('NO', 'La BAL est pleine', 'OVERQUOTA');
    if (failed.type === 'tooLarge') throw new ImapError('NO', 'Message trop volumineux', 'TOOBIG');
    throw new ImapError('NO', 'Message refuse', 'CANNOT');
  }
  const id = (response.created as Record<string, { id: string }>).a?.id as string;
  const emails = await account.emails([id], ['imapUids']);
  const uid = (emails.get(id)?.imapUids as Record<string, number> | undefined)?.[target.mailbox.id];
  if (session.selected?.mailboxId === target.mailbox.id) await refresh(session);
  session.write(
    status(
      c.tag,
      'OK',
      'APPEND termine',
      uid ? `APPENDUID ${target.mailbox.uidValidity} ${uid}` : undefined,
    ),
  );
}

export const messageCommands: Record<string, CommandHandler> = {
  FETCH: { states: SELECTED, run: fetchCommand },
  'UID FETCH': { states: SELECTED, run: fetchCommand },
  STORE: { states: SELECTED, run: storeCommand },
  'UID STORE': { states: SELECTED, run: storeCommand },
  SEARCH: { states: SELECTED, run: searchCommand },
  'UID SEARCH': { states: SELECTED, run: searchCommand },
  COPY: { states: SELECTED, run: (s, c) => copyCommand(s, c, false) },
  'UID COPY': { states: SELECTED, run: (s, c) => copyCommand(s, c, false) },
  MOVE: { states: SELECTED, run: (s, c) => copyCommand(s, c, true) },
  'UID MOVE': { states: SELECTED, run: (s, c) => copyCommand(s, c, true) },
  EXPUNGE: { states: SELECTED, run: expungeCommand },
  'UID EXPUNGE': { states: SELECTED, run: expungeCommand },
  CLOSE: {
    states: SELECTED,
    async run(session, c) {
      const { account, folder } = contextOf(session);
      if (!folder.readOnly) await expungeDeleted(account, folder, null);
      session.selected = null;
      session.state = 'authenticated';
      session.write(status(c.tag, 'OK', 'CLOSE termine'));
    },
  },
  APPEND: { states: AUTHENTICATED, run: appendCommand },
};
