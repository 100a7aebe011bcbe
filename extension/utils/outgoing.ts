import Dexie, { type EntityTable } from 'dexie';

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

class OutgoingDb extends Dexie {
  outgoing!: EntityTable<Outgoing, 'id'>;
  constructor() {
    super('pli-extension');
    this.version(1).stores({ outgoing: 'id, state, createdAt' });
  }
}

export const db = new OutgoingDb();

/** Items left in `editing` longer than this (a window closed without sending) are dropped. */
export const EDITING_KEPT_MS = 24 * 60 * 60_000;

/** Sent items are kept this long (the compose window shows the outcome), then dropped. */
export const SENT_KEPT_MS = 60 * 60_000;

/** Drops abandoned drafts and old sent items: the documents do not stay in the browser. */
export async function pruneOutgoing(now = Date.now()): Promise<void> {
  await db.outgoing
    .filter(
      (item) =>
        (item.state === 'editing' && now - item.createdAt > EDITING_KEPT_MS) ||
        (item.state === 'sent' && now - item.createdAt > SENT_KEPT_MS),
    )
    .delete();
}
