import type { MimeViolation, RawHeader } from '../mail/mime-tree.ts';
import type { MessageSummary } from '../mail/parse.ts';
import type { AutoReply } from './vacation-reply.ts';

/**
 * A raw message hashed and parsed once by the transport, before it is handed to one or
 * more mailboxes: every recipient's DO uses these facts instead of redoing the work.
 */
export interface PreparedMessage {
  /** SHA-256 hex of the raw bytes (the blob id, and the `sha:` idempotence key). */
  sha: string;
  summary: MessageSummary;
  /** The message's own header fields (for the header index). */
  headers: RawHeader[];
  /** The structure limit the message is over, if any (it is then refused `too_complex`). */
  violation: MimeViolation | null;
}

/**
 * The contract of `MailboxDO.deliver()`, called by the transport for every inbound or
 * local delivery. `deliver` is idempotent: the same message (Message-ID and SHA-256 of the
 * raw bytes) delivered twice to a BAL is stored once.
 */
export interface DeliverInput {
  /** The BAL the message is for (also the DO's name). */
  balId: string;
  /** The raw RFC 5322 message. */
  raw: Uint8Array;
  /** `raw` hashed and parsed (see `prepareMessage`); the DO trusts it to describe `raw`. */
  message: PreparedMessage;
  /**
   * The BAL's quota in bytes, as the caller read it from D1 with the BAL row it resolved
   * the recipient with (`bals.quota_bytes`): the DO makes no D1 query for it.
   */
  quotaBytes: number;
  /** SMTP envelope sender. */
  mailFrom: string;
  /** SMTP envelope recipient (an address of this BAL). */
  rcptTo: string;
  /** Reception time in ms since the epoch; defaults to now. */
  receivedAt?: number;
}

/**
 * Why a delivery was refused for good (the sender gets a permanent failure); `too_complex`:
 * over the MIME nesting, part count or header size limits of `shared/mssante/limits.ts`.
 */
export type DeliverRefusal =
  | 'patient_cannot_start'
  | 'patient_conversation_closed'
  | 'too_large'
  | 'too_complex';

export type DeliverResult =
  | {
      status: 'stored';
      emailId: string;
      /**
       * The absence reply the message calls for (`vacation-reply.ts`): sent by the
       * transport (`deliverToBal`), never returned further.
       */
      autoReply?: AutoReply;
    }
  | { status: 'duplicate'; emailId: string }
  | { status: 'over_quota' }
  | { status: 'refused'; reason: DeliverRefusal };
