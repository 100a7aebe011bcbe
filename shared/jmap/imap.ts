/**
 * Pli's private JMAP capability for the IMAP gateway (`server/gateway/`):
 * `urn:pli:params:jmap:imap`. The gateway is stateless; the mailbox's Durable Object keeps
 * what IMAP needs and JMAP lacks: a UID per message in each folder (strictly ascending,
 * never reused, kept across restarts), a UIDVALIDITY per folder (it changes only if UIDs
 * are reassigned, which Pli never does), UIDNEXT, and a MODSEQ per message (CONDSTORE,
 * RFC 7162), all from one account-wide counter.
 *
 * With the capability in `using`:
 * - `Mailbox/get` also returns `uidValidity`, `uidNext` and `highestModSeq` per mailbox
 *   (in the default properties; asking for them without the capability is
 *   `invalidArguments`).
 * - `Email/get` accepts the properties `imapUids` (mailbox id to UID, one entry per folder
 *   of the email) and `modSeq` (the email's latest modseq over its folders). They are not
 *   in the default properties (nor accepted by `Email/parse`: an unstored message has none).
 * - `Email/query` sorts by `imapUid` (ascending or not) when its filter names one folder
 *   (`inMailbox`, at the top or in a top-level `AND`); otherwise `unsupportedSort`.
 * - `ImapFolder/sync` lists a folder (below). Without the capability it is `unknownMethod`.
 *
 * A message's modseq rises on its creation, on each keyword change and on each change of
 * its folders (it is added to one: a new UID and modseq there; removed from one: a
 * tombstone in that folder with a new modseq). `highestModSeq` of a folder is the highest
 * modseq of its messages and tombstones; it only grows. Modseqs start at 1.
 *
 * @example
 * const call: Invocation = ['ImapFolder/sync', { accountId, mailboxId, sinceModSeq: 41 }, 's'];
 * const reply = v.parse(ImapFolderSyncResponseSchema, methodResponse[1]);
 * for (const [uid, emailId, modSeq, keywords] of reply.messages) { ... }
 */
import * as v from 'valibot';

/**
 * The capability's URI. Not in `JMAP_CAPABILITIES` of `./types.ts`, which the webmail sends
 * whole in `using`: only the gateway asks for it.
 */
export const IMAP_CAPABILITY = 'urn:pli:params:jmap:imap';

/** The largest IMAP UID, UIDVALIDITY or UIDNEXT (RFC 9051: nz-number, 32 bits). */
export const IMAP_MAX_UINT32 = 4_294_967_295;

/** The Mailbox properties the capability adds to `Mailbox/get`. */
export const IMAP_MAILBOX_PROPERTIES = ['uidValidity', 'uidNext', 'highestModSeq'] as const;

/** The Email properties the capability adds to `Email/get` (asked for by name only). */
export const IMAP_EMAIL_PROPERTIES = ['imapUids', 'modSeq'] as const;

/** The `Email/query` sort property the capability adds (with a one-folder filter). */
export const IMAP_UID_SORT = 'imapUid';

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const UnsignedInt = v.pipe(v.number(), v.integer(), v.safeInteger(), v.minValue(0));
const Uid = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(IMAP_MAX_UINT32));

/** The Mailbox properties added by the capability. */
export interface ImapMailboxProperties {
  /** RFC 9051 UIDVALIDITY: a 32-bit non-zero number, fixed for the folder's life. */
  uidValidity: number;
  /** RFC 9051 UIDNEXT: the UID the next message added to the folder will get. */
  uidNext: number;
  /** RFC 7162 HIGHESTMODSEQ: the highest modseq of the folder's messages and expunges. */
  highestModSeq: number;
}

/** valibot schema of the properties above, as a client checks them. */
export const ImapMailboxPropertiesSchema = v.object({
  uidValidity: Uid,
  uidNext: Uid,
  highestModSeq: UnsignedInt,
});

/** The Email properties added by the capability. */
export interface ImapEmailProperties {
  /** Mailbox id to the email's UID in that folder (one entry per folder it is in). */
  imapUids: Record<string, number>;
  /** RFC 7162 MODSEQ: the email's latest modseq (the highest over its folders). */
  modSeq: number;
}

/** valibot schema of the properties above. */
export const ImapEmailPropertiesSchema = v.object({
  imapUids: v.record(Id, Uid),
  modSeq: UnsignedInt,
});

/** The arguments of `ImapFolder/sync`. */
export const ImapFolderSyncArgsSchema = v.looseObject({
  accountId: Id,
  mailboxId: Id,
  /** Only what changed after this modseq: `messages` changed, `vanished` expunged. */
  sinceModSeq: v.optional(v.nullable(UnsignedInt)),
});
export type ImapFolderSyncArgs = v.InferOutput<typeof ImapFolderSyncArgsSchema>;

/** One message of a folder: `[uid, emailId, modSeq, keywords]` (JMAP keywords, lower case). */
export type ImapFolderMessage = [uid: number, emailId: string, modSeq: number, keywords: string[]];

const ImapFolderMessageSchema = v.tuple([Uid, Id, UnsignedInt, v.array(v.string())]);

/**
 * The answer of `ImapFolder/sync`: the folder's counters and its messages in ascending UID
 * order (all of them, or with `sinceModSeq` those whose modseq is above it), as compact
 * tuples so that a 10,000-message folder fits one response. `vanished` (only with
 * `sinceModSeq`): the UIDs removed from the folder (expunged, moved out, destroyed) with a
 * modseq above it, ascending. Tombstones are kept for the latest 5,000 removals of each
 * folder: a `sinceModSeq` older than that answers the method error
 * `cannotCalculateChanges`, and the client syncs in full. An unknown mailbox is the method
 * error `notFound`.
 */
export interface ImapFolderSyncResponse {
  accountId: string;
  mailboxId: string;
  uidValidity: number;
  uidNext: number;
  highestModSeq: number;
  messages: ImapFolderMessage[];
  vanished?: number[];
}

/** valibot schema of `ImapFolderSyncResponse`, for the gateway to check the answer. */
export const ImapFolderSyncResponseSchema = v.object({
  accountId: Id,
  mailboxId: Id,
  uidValidity: Uid,
  uidNext: Uid,
  highestModSeq: UnsignedInt,
  messages: v.array(ImapFolderMessageSchema),
  vanished: v.optional(v.array(Uid)),
});

/** Tombstones (removed UIDs) kept per folder for `vanished`; older ones are forgotten. */
export const IMAP_VANISHED_KEPT = 5000;
