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
  | { status: 'stored'; emailId: string }
  | { status: 'duplicate'; emailId: string }
  | { status: 'over_quota' }
  | { status: 'refused'; reason: DeliverRefusal };
