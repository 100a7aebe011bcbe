import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/**
 * The messages of "Envoyer via MSSanté", from the click on a page to their sending, kept in
 * the extension's own IndexedDB (never the host page's): what the person pointed at (the
 * selection, the page, the document fetched from the page), then what they wrote in the
 * compose window, then the outcome. An item outlives the compose window and the background,
 * so a send made while Pli is unreachable goes when it comes back, and only once.
 */

/** The document fetched from the page, as it will be attached. */
export interface GrabbedDocument {
  name: string;
  type: string;
  size: number;
  data: Blob;
}

/** What the compose window sends: the person's choices. */
export interface OutgoingMessage {
  /** The JMAP account (the BAL) it is sent from. */
  accountId: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
  readReceipt: boolean;
}

/**
 * - `editing`: the compose window is (or was) open on it, nothing sent.
 * - `queued`: the person pressed "Envoyer"; Pli did not answer yet (offline, unreachable).
 * - `sent`: Pli accepted the submission (once).
 * - `refused`: Pli refused it (reason in `problem`); the person may change it and resend.
 */
export type OutgoingState = 'editing' | 'queued' | 'sent' | 'refused';

export interface Outgoing {
  /** A random UUID: the key of the item and of its one JMAP submission. */
  id: string;
  createdAt: number;
  /** The page it came from, as its source. */
  source: { title: string; url: string };
  /** The selected passage, if any. */
  selection: string;
  attachment: GrabbedDocument | null;
  /** Why the document could not be attached (French), if it could not. */
  attachmentProblem: string | null;
  state: OutgoingState;
  message: OutgoingMessage | null;
  /** Why it was refused or is still waiting (French). */
  problem: string | null;
  attempts: number;
}

interface OutgoingSchema extends DBSchema {
  outgoing: { key: string; value: Outgoing; indexes: { state: OutgoingState } };
}

let opened: Promise<IDBPDatabase<OutgoingSchema>> | null = null;

function database(): Promise<IDBPDatabase<OutgoingSchema>> {
  opened ??= openDB<OutgoingSchema>('pli-extension', 1, {
    upgrade(db) {
      db.createObjectStore('outgoing', { keyPath: 'id' }).createIndex('state', 'state');
    },
  });
  return opened;
}

/** The outbox: one store of items keyed by id, indexed by state. */
export const outbox = {
  async get(id: string): Promise<Outgoing | undefined> {
    return (await database()).get('outgoing', id);
  },
  async put(item: Outgoing): Promise<void> {
    await (await database()).put('outgoing', item);
  },
  /** Changes some fields of an item, in one transaction (nothing if it is gone). */
  async update(id: string, patch: Partial<Omit<Outgoing, 'id'>>): Promise<void> {
    const tx = (await database()).transaction('outgoing', 'readwrite');
    const item = await tx.store.get(id);
    if (item) await tx.store.put({ ...item, ...patch });
    await tx.done;
  },
  /** The items in a state, oldest first. */
  async inState(state: OutgoingState): Promise<Outgoing[]> {
    const items = await (await database()).getAllFromIndex('outgoing', 'state', state);
    return items.sort((a, b) => a.createdAt - b.createdAt);
  },
};

/** Items left in `editing` longer than this (a window closed without sending) are dropped. */
export const EDITING_KEPT_MS = 24 * 60 * 60_000;

/** Sent items are kept this long (the compose window shows the outcome), then dropped. */
export const SENT_KEPT_MS = 60 * 60_000;

/** Drops abandoned drafts and old sent items: the documents do not stay in the browser. */
export async function pruneOutgoing(now = Date.now()): Promise<void> {
  const tx = (await database()).transaction('outgoing', 'readwrite');
  for await (const cursor of tx.store) {
    const item = cursor.value;
    if (
      (item.state === 'editing' && now - item.createdAt > EDITING_KEPT_MS) ||
      (item.state === 'sent' && now - item.createdAt > SENT_KEPT_MS)
    ) {
      await cursor.delete();
    }
  }
  await tx.done;
}
