import Dexie, { type EntityTable, type Table } from 'dexie';

/** A folder, as the list shows it. */
export interface CachedMailbox {
  accountId: string;
  id: string;
  name: string;
  role: string | null;
  parentId: string | null;
  sortOrder: number;
  totalEmails: number;
  unreadEmails: number;
  /** How long the folder keeps its mail, in months (shared/rules/folder-retention.ts). */
  retentionMonths?: number | null;
  /** How many of its messages go within the week, and from when. */
  retentionWarning?: { count: number; from: string } | null;
}

export interface EmailAddress {
  name: string | null;
  email: string;
}

/** A message's list-level properties (its body is cached apart, once read). */
export interface CachedEmail {
  accountId: string;
  id: string;
  threadId: string;
  mailboxIds: Record<string, true>;
  keywords: Record<string, true>;
  from: EmailAddress[] | null;
  to: EmailAddress[] | null;
  subject: string | null;
  receivedAt: string;
  preview: string;
  hasAttachment: boolean;
  size: number;
}

export interface CachedAttachment {
  blobId: string;
  name: string | null;
  type: string;
  size: number;
  cid: string | null;
  disposition: string | null;
}

/** A message's body, cached once it has been read. */
export interface CachedBody {
  accountId: string;
  id: string;
  html: string | null;
  text: string | null;
  cc: EmailAddress[] | null;
  /** Who wrote it for `from` (a delegate: the `Sender` field); absent in older caches. */
  sender?: EmailAddress[] | null;
  attachments: CachedAttachment[];
  /** The sender asked for a read receipt (Disposition-Notification-To). */
  readReceipt?: boolean;
}

/** The JMAP state string of one data type of one account. */
export interface CachedState {
  accountId: string;
  type: 'Mailbox' | 'Email';
  state: string;
}

/** The message being written in an account, kept across reloads (not its files). */
export interface SavedDraft {
  accountId: string;
  to: string;
  cc: string;
  subject: string;
  body: string;
  readReceipt: boolean;
  inReplyTo: string[] | null;
  references: string[] | null;
  /** What the message is: new, a reply or a forward (absent in drafts saved before). */
  kind?: 'new' | 'reply' | 'forward';
  /** The original quoted below the text of a reply or a forward. */
  quote?: DraftQuote | null;
  /** The original's attachments a forward keeps (referenced by blobId, never copied). */
  kept?: CachedAttachment[];
  /** The draft stored in Drafts this message resumes (destroyed once it is sent). */
  resumedFrom?: string | null;
  savedAt: number;
}

/** The original message as a reply or a forward quotes it. */
export interface DraftQuote {
  /** "Le …, X a écrit :" or the forwarded message's header block. */
  intro: string;
  text: string;
  /** The original's HTML, sanitized (in the mail frame's form), or null for text mail. */
  html: string | null;
}

/** An action taken (maybe offline), applied locally at once and sent in order. */
export interface QueuedAction {
  seq?: number;
  accountId: string;
  emailId: string;
  /** An Email/set update patch, or null to destroy the message. */
  patch: Record<string, unknown> | null;
  queuedAt: number;
}

/**
 * The local full-text index of an account's cached mail (`search/mail-index.ts`), saved as
 * JSON. It lives in this database so that logout, which deletes it, takes the index too.
 */
export interface SavedSearchIndex {
  accountId: string;
  /** The index's layout: a saved index of another format is rebuilt, not loaded. */
  format: number;
  json: string;
  savedAt: number;
}

/** The webmail's offline cache: JMAP-shaped, one row per object, one state per type. */
export class PliDatabase extends Dexie {
  mailboxes!: Table<CachedMailbox, [string, string]>;
  emails!: Table<CachedEmail, [string, string]>;
  bodies!: Table<CachedBody, [string, string]>;
  states!: Table<CachedState, [string, string]>;
  outbox!: EntityTable<QueuedAction, 'seq'>;
  drafts!: EntityTable<SavedDraft, 'accountId'>;
  searchIndex!: EntityTable<SavedSearchIndex, 'accountId'>;

  constructor(name = 'pli-mail') {
    super(name);
    this.version(1).stores({
      mailboxes: '[accountId+id], accountId',
      emails: '[accountId+id], [accountId+receivedAt], accountId',
      bodies: '[accountId+id]',
      states: '[accountId+type]',
      outbox: '++seq, accountId',
    });
    this.version(2).stores({ drafts: 'accountId' });
    this.version(3).stores({ searchIndex: 'accountId' });
  }
}

/** The one database of the webmail; only models touch it. */
export const db = new PliDatabase();
