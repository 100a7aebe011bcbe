import * as v from 'valibot';
import { ImapFolderSyncArgsSchema, type ImapFolderSyncResponse } from '../../shared/jmap/imap.ts';
import { imapFolder, imapMessages, imapVanished } from '../mailbox/imap.ts';
import type { Handler } from './context.ts';
import { MethodError } from './errors.ts';

/**
 * `ImapFolder/sync` (`urn:pli:params:jmap:imap`, contract in `shared/jmap/imap.ts`): a
 * folder's UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and its messages as compact tuples in UID
 * order, or with `sinceModSeq` only what changed after it and the UIDs that vanished.
 */
const sync: Handler = ({ store }, args) => {
  const parsed = v.safeParse(ImapFolderSyncArgsSchema, args);
  if (!parsed.success) throw new MethodError('invalidArguments', 'mailboxId or sinceModSeq.');
  const { mailboxId } = parsed.output;
  const since = parsed.output.sinceModSeq ?? null;
  const folder = imapFolder(store, mailboxId);
  if (!folder) throw new MethodError('notFound', 'No such mailbox.');
  if (since !== null && since < folder.vanishedFloor) {
    throw new MethodError('cannotCalculateChanges', 'Removals that old are forgotten.');
  }
  const { vanishedFloor: _, ...counters } = folder;
  const response: ImapFolderSyncResponse = {
    accountId: parsed.output.accountId,
    mailboxId,
    ...counters,
    messages: imapMessages(store, mailboxId, since),
    ...(since !== null ? { vanished: imapVanished(store, mailboxId, since) } : {}),
  };
  return { ...response };
};

export const imapFolderMethods: Record<string, Handler> = {
  'ImapFolder/sync': sync,
};
