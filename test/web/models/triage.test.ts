import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CachedEmail, type CachedMailbox, db } from '../../../web/src/db.ts';
import {
  accountId,
  mailboxes,
  messages,
  selectedMailboxId,
} from '../../../web/src/models/mailbox.ts';
import {
  createFolder,
  deleteFolder,
  folderError,
  lastUndo,
  moveTo,
  renameFolder,
  selectedIds,
  toggleAll,
  toggleSelected,
  trash,
  undo,
} from '../../../web/src/models/triage.ts';

const MAILBOXES: CachedMailbox[] = [
  { id: 'inbox', role: 'inbox', name: 'Inbox' },
  { id: 'trash', role: 'trash', name: 'Trash' },
  { id: 'archive', role: 'archive', name: 'Archives' },
  { id: 'f1', role: null, name: 'Cardiologie' },
].map((m) => ({
  ...m,
  accountId: 'bal-1',
  parentId: null,
  sortOrder: 0,
  totalEmails: 0,
  unreadEmails: 0,
}));

const email = (n: number, mailbox = 'inbox'): CachedEmail => ({
  accountId: 'bal-1',
  id: `m${n}`,
  threadId: `t${n}`,
  mailboxIds: { [mailbox]: true },
  keywords: {},
  from: [{ name: null, email: 'karim.benali@medecin.pli.mssante.fr' }],
  to: null,
  subject: `Message ${n}`,
  receivedAt: `2026-11-2${n}T09:00:00Z`,
  preview: '',
  hasAttachment: false,
  size: 100,
});

type Call = [string, Record<string, unknown>, string];

/** Answers JMAP calls by method (sync calls get an error, as offline); records every call. */
function fakeJmap(answer: (call: Call) => Record<string, unknown> | null) {
  const calls: Call[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(String(input), location.href);
    if (url.pathname !== '/jmap/api') throw new Error(`unexpected request ${url.pathname}`);
    const request = JSON.parse(String(init?.body)) as { methodCalls: Call[] };
    calls.push(...request.methodCalls);
    const methodResponses = request.methodCalls.map((call) => {
      const args = answer(call);
      return args ? [call[0], args, call[2]] : ['error', { type: 'serverFail' }, call[2]];
    });
    return new Response(JSON.stringify({ methodResponses, sessionState: 's' }), {
      headers: { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

/** No network: actions stay queued in the outbox. */
const offline = () => vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('offline'));

const cached = async (id: string) => (await db.emails.get(['bal-1', id]))?.mailboxIds;

beforeEach(async () => {
  await db.mailboxes.bulkPut(MAILBOXES);
  await db.emails.bulkPut([email(1), email(2), email(3), email(4), email(5, 'trash')]);
  accountId.value = 'bal-1';
  await expect.poll(() => mailboxes.value.length).toBe(4);
  selectedMailboxId.value = 'inbox';
  await expect.poll(() => messages.value.length).toBe(4);
});

afterEach(async () => {
  vi.restoreAllMocks();
  accountId.value = null;
  lastUndo.value = null;
  folderError.value = null;
  await Promise.all([db.mailboxes.clear(), db.emails.clear(), db.outbox.clear()]);
});

describe('selection', () => {
  it('a shift-click ticks every message between the last one ticked and this one', () => {
    // Newest first: m4, m3, m2, m1.
    toggleSelected('m4');
    toggleSelected('m2', { range: true });
    expect([...selectedIds.value].sort()).toEqual(['m2', 'm3', 'm4']);
    // From there, a shift-click on a ticked one unticks the range.
    toggleSelected('m3', { range: true });
    expect([...selectedIds.value]).toEqual(['m4']);
  });

  it('"tout sélectionner" ticks the whole list, then none', () => {
    toggleAll();
    expect(selectedIds.value.size).toBe(4);
    toggleAll();
    expect(selectedIds.value.size).toBe(0);
  });
});

describe('move, delete and undo', () => {
  it('moves messages to a folder at once and queues the change; undo puts them back', async () => {
    offline();
    await moveTo([email(1), email(2)], 'f1');
    expect(await cached('m1')).toEqual({ f1: true });
    expect(await cached('m2')).toEqual({ f1: true });
    expect(lastUndo.value?.text).toBe('2 messages déplacés vers « Cardiologie ».');
    expect(await db.outbox.count()).toBe(2);
    await undo();
    expect(await cached('m1')).toEqual({ inbox: true });
    expect(await cached('m2')).toEqual({ inbox: true });
    expect(lastUndo.value).toBeNull();
  });

  it('deleting puts messages in the Corbeille, and can be undone', async () => {
    offline();
    await trash([email(3)]);
    expect(await cached('m3')).toEqual({ trash: true });
    expect(lastUndo.value?.text).toBe('1 message placé dans la Corbeille.');
    await undo();
    expect(await cached('m3')).toEqual({ inbox: true });
  });

  it('deleting from the Corbeille destroys the message, with no undo offered', async () => {
    offline();
    await trash([email(5, 'trash')]);
    expect(await cached('m5')).toBeUndefined();
    expect(lastUndo.value).toBeNull();
    expect((await db.outbox.toArray()).map((a) => a.patch)).toEqual([null]);
  });
});

describe('folders', () => {
  it('creates a folder with Mailbox/set and selects it', async () => {
    const calls = fakeJmap((call) =>
      call[0] === 'Mailbox/set' ? { created: { f: { id: 'f2' } } } : null,
    );
    expect(await createFolder('  Dossiers patients ')).toBe(true);
    expect(calls[0]).toEqual([
      'Mailbox/set',
      { accountId: 'bal-1', create: { f: { name: 'Dossiers patients', parentId: null } } },
      's',
    ]);
    expect(selectedMailboxId.value).toBe('f2');
  });

  it('says so when a folder of that name exists', async () => {
    fakeJmap((call) =>
      call[0] === 'Mailbox/set' ? { notCreated: { f: { type: 'alreadyExists' } } } : null,
    );
    expect(await createFolder('Cardiologie')).toBe(false);
    expect(folderError.value).toBe('Un dossier porte déjà ce nom.');
  });

  it('renames a folder with Mailbox/set update', async () => {
    const calls = fakeJmap((call) =>
      call[0] === 'Mailbox/set' ? { updated: { f1: null } } : null,
    );
    expect(await renameFolder('f1', 'Cardio')).toBe(true);
    expect(calls[0]?.[1]).toEqual({ accountId: 'bal-1', update: { f1: { name: 'Cardio' } } });
  });

  it('forbids destroying messages with a folder: they go to the Corbeille first', async () => {
    const calls = fakeJmap((call) => {
      if (call[0] === 'Email/query') return { ids: ['m7', 'm8'] };
      if (call[0] === 'Email/get')
        return {
          list: [
            { id: 'm7', mailboxIds: { f1: true } },
            { id: 'm8', mailboxIds: { f1: true, archive: true } },
          ],
        };
      if (call[0] === 'Email/set') return { updated: { m7: null, m8: null } };
      if (call[0] === 'Mailbox/set') return { destroyed: ['f1'] };
      return null;
    });
    expect(await deleteFolder('f1')).toBe(true);
    const set = calls.find((c) => c[0] === 'Email/set')?.[1];
    expect(set?.update).toEqual({
      m7: { 'mailboxIds/f1': null, 'mailboxIds/trash': true },
      m8: { 'mailboxIds/f1': null },
    });
    const destroy = calls.find((c) => c[0] === 'Mailbox/set')?.[1];
    expect(destroy).toEqual({ accountId: 'bal-1', destroy: ['f1'], onDestroyRemoveEmails: false });
  });
});
