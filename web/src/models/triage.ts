import { computed, effect, signal } from '@preact/signals';
import { type CachedEmail, type CachedMailbox, db } from '../db.ts';
import { ApiFailure } from '../lib/api-client.ts';
import { jmap } from '../lib/jmap.ts';
import { queueAction } from './mail-actions.ts';
import {
  accountId,
  mailboxes,
  mailboxLabel,
  messages,
  refresh,
  selectedMailboxId,
} from './mailbox.ts';
import { createModel } from './model.ts';

/** What the last move or deletion changed, so that it can be undone. */
interface Undoable {
  text: string;
  before: { id: string; mailboxIds: Record<string, true> }[];
}

/**
 * The folder form open in the folder pane: new name, new name for a folder, deletion, how
 * long the folder keeps its mail.
 */
export type FolderForm =
  | { mode: 'create'; name: string }
  | { mode: 'rename'; id: string; name: string }
  | { mode: 'delete'; id: string }
  | { mode: 'retention'; id: string; months: number | null };

export const { selectedIds, selectionAnchor, lastUndo, folderError, folderNotice, folderForm } =
  createModel({
    /** The messages ticked in the current folder's list. */
    selectedIds: signal<ReadonlySet<string>>(new Set()),
    /** Where a shift-click range starts: the last message ticked or unticked. */
    selectionAnchor: signal<string | null>(null),
    lastUndo: signal<Undoable | null>(null),
    folderError: signal<string | null>(null),
    folderNotice: signal<string | null>(null),
    folderForm: signal<FolderForm | null>(null),
  });

/** The ticked messages, in list order. */
export const selectedEmails = computed(() =>
  messages.value.filter((e) => selectedIds.value.has(e.id)),
);

// Another folder, another selection.
effect(() => {
  void selectedMailboxId.value;
  selectedIds.value = new Set();
  selectionAnchor.value = null;
});

/**
 * Ticks or unticks a message; with `range` (shift-click), every message between the
 * anchor and this one takes this one's new state.
 */
export function toggleSelected(id: string, options: { range?: boolean } = {}): void {
  const next = new Set(selectedIds.value);
  const on = !next.has(id);
  const list = messages.value;
  const anchor = selectionAnchor.value;
  const from = anchor ? list.findIndex((e) => e.id === anchor) : -1;
  const to = list.findIndex((e) => e.id === id);
  if (options.range && from >= 0 && to >= 0) {
    const [start, end] = from < to ? [from, to] : [to, from];
    for (const email of list.slice(start, end + 1)) {
      if (on) next.add(email.id);
      else next.delete(email.id);
    }
  } else if (on) next.add(id);
  else next.delete(id);
  selectedIds.value = next;
  selectionAnchor.value = id;
}

/** "Tout sélectionner": every message of the list, or none when all are ticked. */
export function toggleAll(): void {
  const all = messages.value;
  selectedIds.value =
    all.length > 0 && all.every((e) => selectedIds.value.has(e.id))
      ? new Set()
      : new Set(all.map((e) => e.id));
  selectionAnchor.value = null;
}

export function clearSelection(): void {
  selectedIds.value = new Set();
  selectionAnchor.value = null;
}

const count = (n: number) => (n === 1 ? '1 message' : `${n} messages`);

export function roleMailbox(role: string): CachedMailbox | undefined {
  return mailboxes.value.find((m) => m.role === role);
}

async function queueAll(
  emails: CachedEmail[],
  patch: (e: CachedEmail) => Record<string, unknown> | null,
) {
  const account = accountId.value;
  if (!account) return;
  for (const email of emails) await queueAction(db, account, email.id, patch(email));
  void refresh();
}

/**
 * Moves messages to a folder (at once locally, queued for the server), and offers to undo
 * it. The messages leave the list, so the selection is cleared.
 */
export async function moveTo(emails: CachedEmail[], mailboxId: string, text?: string) {
  const target = mailboxes.value.find((m) => m.id === mailboxId);
  const moving = emails.filter(
    (e) => !(e.mailboxIds[mailboxId] && Object.keys(e.mailboxIds).length === 1),
  );
  if (!target || moving.length === 0) return;
  const before = moving.map((e) => ({ id: e.id, mailboxIds: { ...e.mailboxIds } }));
  await queueAll(moving, () => ({ mailboxIds: { [mailboxId]: true } }));
  clearSelection();
  lastUndo.value = {
    text:
      text ??
      `${count(moving.length)} déplacé${moving.length > 1 ? 's' : ''} vers « ${mailboxLabel(target)} ».`,
    before,
  };
}

/** To the Archives folder. */
export function archive(emails: CachedEmail[]) {
  const archives = roleMailbox('archive');
  if (!archives) return Promise.resolve();
  return moveTo(
    emails,
    archives.id,
    `${count(emails.length)} archivé${emails.length > 1 ? 's' : ''}.`,
  );
}

/**
 * To the Corbeille, with undo. Messages already in the Corbeille are deleted for good
 * (the caller asks first): that cannot be undone.
 */
export async function trash(emails: CachedEmail[]) {
  const bin = roleMailbox('trash');
  if (!bin) return;
  const inBin = emails.filter((e) => e.mailboxIds[bin.id]);
  const elsewhere = emails.filter((e) => !e.mailboxIds[bin.id]);
  if (inBin.length) {
    await queueAll(inBin, () => null);
    clearSelection();
    lastUndo.value = null;
  }
  if (elsewhere.length) {
    await moveTo(
      elsewhere,
      bin.id,
      `${count(elsewhere.length)} placé${elsewhere.length > 1 ? 's' : ''} dans la Corbeille.`,
    );
  }
}

/** Puts the messages of the last move or deletion back where they were. */
export async function undo(): Promise<void> {
  const last = lastUndo.value;
  const account = accountId.value;
  if (!last || !account) return;
  lastUndo.value = null;
  for (const { id, mailboxIds } of last.before) {
    await queueAction(db, account, id, { mailboxIds });
  }
  void refresh();
}

export const setRead = (emails: CachedEmail[], read: boolean) =>
  queueAll(emails, () => ({ 'keywords/$seen': read || null }));

export const setFlagged = (emails: CachedEmail[], flagged: boolean) =>
  queueAll(emails, () => ({ 'keywords/$flagged': flagged || null }));

/** The folders a message can be moved to from the current one. */
export const moveTargets = computed(() =>
  mailboxes.value.filter((m) => m.id !== selectedMailboxId.value && m.role !== 'drafts'),
);

function folderFailure(failure: unknown, fallback: string): string {
  if (failure instanceof ApiFailure && failure.code === 'unavailable') {
    return 'Hors connexion : les dossiers ne peuvent être modifiés qu’en ligne.';
  }
  return fallback;
}

function setFailure(type: string | undefined, fallback: string): string {
  if (type === 'alreadyExists') return 'Un dossier porte déjà ce nom.';
  if (type === 'invalidProperties') return 'Ce nom de dossier n’est pas valide.';
  return fallback;
}

/** Creates a folder at the top level (Mailbox/set create); selects it. */
export async function createFolder(name: string): Promise<boolean> {
  const account = accountId.value;
  const trimmed = name.trim();
  folderError.value = null;
  folderNotice.value = null;
  if (!account) return false;
  if (!trimmed) {
    folderError.value = 'Indiquez le nom du dossier.';
    return false;
  }
  try {
    const responses = await jmap([
      [
        'Mailbox/set',
        { accountId: account, create: { f: { name: trimmed, parentId: null } } },
        's',
      ],
    ]);
    const answer = responses.get('s');
    const refused = (answer?.notCreated as Record<string, { type: string }> | null)?.f;
    if (refused) {
      folderError.value = setFailure(refused.type, 'Le dossier n’a pas pu être créé.');
      return false;
    }
    const id = (answer?.created as Record<string, { id: string }> | null)?.f?.id;
    await refresh();
    if (id) selectedMailboxId.value = id;
    folderNotice.value = `Dossier « ${trimmed} » créé.`;
    return true;
  } catch (failure) {
    folderError.value = folderFailure(failure, 'Le dossier n’a pas pu être créé.');
    return false;
  }
}

/** Renames one of the user's folders (folders with a role keep their name). */
export async function renameFolder(id: string, name: string): Promise<boolean> {
  const account = accountId.value;
  const trimmed = name.trim();
  folderError.value = null;
  folderNotice.value = null;
  if (!account) return false;
  if (!trimmed) {
    folderError.value = 'Indiquez le nom du dossier.';
    return false;
  }
  try {
    const responses = await jmap([
      ['Mailbox/set', { accountId: account, update: { [id]: { name: trimmed } } }, 's'],
    ]);
    const refused = (responses.get('s')?.notUpdated as Record<string, { type: string }> | null)?.[
      id
    ];
    if (refused) {
      folderError.value = setFailure(refused.type, 'Le dossier n’a pas pu être renommé.');
      return false;
    }
    await refresh();
    folderNotice.value = `Dossier renommé en « ${trimmed} ».`;
    return true;
  } catch (failure) {
    folderError.value = folderFailure(failure, 'Le dossier n’a pas pu être renommé.');
    return false;
  }
}

/**
 * Deletes one of the user's folders: its messages go to the Corbeille first (those also
 * in another folder just leave this one), then the folder is destroyed, in one request
 * after the one listing them, so that no message is ever destroyed with the folder.
 */
export async function deleteFolder(id: string): Promise<boolean> {
  const account = accountId.value;
  const bin = roleMailbox('trash');
  folderError.value = null;
  folderNotice.value = null;
  const folder = mailboxes.value.find((m) => m.id === id);
  if (!account || !bin || !folder || folder.role) return false;
  try {
    const listed = await jmap([
      ['Email/query', { accountId: account, filter: { inMailbox: id } }, 'q'],
      [
        'Email/get',
        {
          accountId: account,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['mailboxIds'],
        },
        'g',
      ],
    ]);
    const inside =
      (listed.get('g')?.list as { id: string; mailboxIds: Record<string, true> }[]) ?? [];
    const update = Object.fromEntries(
      inside.map((e) => [
        e.id,
        Object.keys(e.mailboxIds).length > 1
          ? { [`mailboxIds/${id}`]: null }
          : { [`mailboxIds/${id}`]: null, [`mailboxIds/${bin.id}`]: true },
      ]),
    );
    const responses = await jmap([
      ...(inside.length
        ? [
            ['Email/set', { accountId: account, update }, 'e'] as [
              string,
              Record<string, unknown>,
              string,
            ],
          ]
        : []),
      ['Mailbox/set', { accountId: account, destroy: [id], onDestroyRemoveEmails: false }, 'd'],
    ]);
    const refused = (responses.get('d')?.notDestroyed as Record<string, { type: string }> | null)?.[
      id
    ];
    if (refused) {
      folderError.value =
        refused.type === 'mailboxHasChild'
          ? 'Ce dossier contient d’autres dossiers : supprimez-les d’abord.'
          : 'Le dossier n’a pas pu être supprimé.';
      await refresh();
      return false;
    }
    if (selectedMailboxId.value === id) selectedMailboxId.value = roleMailbox('inbox')?.id ?? null;
    await refresh();
    folderNotice.value = inside.length
      ? `Dossier « ${folder.name} » supprimé ; ses messages sont dans la Corbeille.`
      : `Dossier « ${folder.name} » supprimé.`;
    return true;
  } catch (failure) {
    folderError.value = folderFailure(failure, 'Le dossier n’a pas pu être supprimé.');
    return false;
  }
}

/**
 * How long a folder keeps its mail (shared/rules/folder-retention.ts): null keeps
 * everything. Nothing goes at once: the server announces every message a week before.
 */
export async function setFolderRetention(id: string, months: number | null): Promise<boolean> {
  const account = accountId.value;
  folderError.value = null;
  folderNotice.value = null;
  const folder = mailboxes.value.find((m) => m.id === id);
  if (!account || !folder) return false;
  try {
    const responses = await jmap([
      ['Mailbox/set', { accountId: account, update: { [id]: { retentionMonths: months } } }, 's'],
    ]);
    if ((responses.get('s')?.notUpdated as Record<string, unknown> | null)?.[id]) {
      folderError.value = 'La durée de conservation n’a pas pu être enregistrée.';
      return false;
    }
    await refresh();
    folderNotice.value =
      months === null
        ? `Le dossier « ${mailboxLabel(folder)} » conserve tous ses messages.`
        : `Durée de conservation du dossier « ${mailboxLabel(folder)} » enregistrée.`;
    return true;
  } catch (failure) {
    folderError.value = folderFailure(
      failure,
      'La durée de conservation n’a pas pu être enregistrée.',
    );
    return false;
  }
}
