/**
 * The JMAP shapes Pli serves (RFC 8620 core, RFC 8621 mail, and Pli's private MSSanté
 * capability), for the webmail, the extension and the server alike.
 *
 * @example
 * const request: JmapRequest = {
 *   using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail],
 *   methodCalls: [['Mailbox/get', { accountId, ids: null }, 'a']],
 * };
 */
export const JMAP_CAPABILITIES = {
  core: 'urn:ietf:params:jmap:core',
  mail: 'urn:ietf:params:jmap:mail',
  submission: 'urn:ietf:params:jmap:submission',
  /** Storage quota (RFC 9425): `Quota/get`, `Quota/changes`. */
  quota: 'urn:ietf:params:jmap:quota',
  /** Read receipts (RFC 9007): `MDN/send`. */
  mdn: 'urn:ietf:params:jmap:mdn',
  /** Absence replies (RFC 8621 section 8): `VacationResponse/get`, `/set`. */
  vacationResponse: 'urn:ietf:params:jmap:vacationresponse',
  /** Pli's filing rules (`FilingRule/get`, `/set`, `/changes`; shared/rules/filing-rules.ts). */
  filingRules: 'urn:pli:params:jmap:filingrules',
  /** Pli's private capability: `mssReadReceipt` and `mssNoReply` on Email. */
  mssante: 'urn:pli:params:jmap:mssante',
} as const;

/** A JMAP UTCDate (RFC 8620 section 1.4: no fractional seconds). */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One method call or response: name, arguments, call id. */
export type Invocation = [name: string, args: Record<string, unknown>, callId: string];

/** A JMAP request (RFC 8620 section 3.3). */
export interface JmapRequest {
  using: string[];
  methodCalls: Invocation[];
  createdIds?: Record<string, string>;
}

/** A JMAP response (RFC 8620 section 3.4). */
export interface JmapResponse {
  methodResponses: Invocation[];
  sessionState: string;
  createdIds?: Record<string, string>;
}

/** One account of the session: a BAL, named by its address. */
export interface JmapAccount {
  name: string;
  isPersonal: boolean;
  isReadOnly: boolean;
  accountCapabilities: Record<string, unknown>;
}

/** The JMAP Session object (RFC 8620 section 2). */
export interface JmapSession {
  capabilities: Record<string, unknown>;
  accounts: Record<string, JmapAccount>;
  primaryAccounts: Record<string, string>;
  username: string;
  apiUrl: string;
  downloadUrl: string;
  uploadUrl: string;
  eventSourceUrl: string;
  state: string;
}

/** The role of a folder. */
export type MailboxRole = 'inbox' | 'drafts' | 'sent' | 'trash' | 'archive' | 'junk';

/** A JMAP Mailbox (a folder). */
export interface JmapMailbox {
  id: string;
  name: string;
  parentId: string | null;
  role: MailboxRole | null;
  sortOrder: number;
  totalEmails: number;
  unreadEmails: number;
  totalThreads: number;
  unreadThreads: number;
  isSubscribed: boolean;
}

/** An address with its display name. */
export interface EmailAddress {
  name: string | null;
  email: string;
}

/** A part of a message as `Email/get` returns it. */
export interface EmailBodyPart {
  partId: string | null;
  blobId: string | null;
  size: number;
  name: string | null;
  type: string;
  charset: string | null;
  disposition: string | null;
  cid: string | null;
  subParts?: EmailBodyPart[] | null;
}

/** A JMAP Email, as far as `Email/get` returns it (properties are those asked). */
export interface JmapEmail {
  id: string;
  blobId: string;
  threadId: string;
  mailboxIds: Record<string, true>;
  keywords: Record<string, true>;
  size: number;
  receivedAt: string;
  messageId: string[] | null;
  inReplyTo: string[] | null;
  references: string[] | null;
  from: EmailAddress[] | null;
  to: EmailAddress[] | null;
  cc: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  replyTo: EmailAddress[] | null;
  subject: string | null;
  sentAt: string | null;
  hasAttachment: boolean;
  preview: string;
  textBody: EmailBodyPart[];
  htmlBody: EmailBodyPart[];
  attachments: EmailBodyPart[];
  bodyValues: Record<string, { value: string; isEncodingProblem: boolean; isTruncated: boolean }>;
  /** Private capability: the message asks for a read receipt. */
  mssReadReceipt?: boolean;
  /** Private capability: the sender forbids a patient's reply (`X-MSS-MES: FIN`). */
  mssNoReply?: boolean;
}

/** A push event (RFC 8620 section 7.1): new states per account and type. */
export interface StateChange {
  '@type': 'StateChange';
  changed: Record<string, Record<string, string>>;
}

/**
 * The Email properties a message list needs (bodies are fetched when a message is opened).
 *
 * @example
 * ['Email/get', { accountId, ids, properties: [...MESSAGE_LIST_PROPERTIES] }, 'g'];
 */
export const MESSAGE_LIST_PROPERTIES = [
  'id',
  'threadId',
  'mailboxIds',
  'keywords',
  'from',
  'to',
  'subject',
  'receivedAt',
  'preview',
  'hasAttachment',
  'size',
] as const;
