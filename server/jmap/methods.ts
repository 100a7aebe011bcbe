import { IMAP_CAPABILITY } from '../../shared/jmap/imap.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import { cleanupMethods } from './cleanup.ts';
import type { Handler } from './context.ts';
import { emailReadMethods } from './email.ts';
import { emailImportMethods } from './email-import.ts';
import { emailQueryMethods } from './email-query.ts';
import { emailWriteMethods } from './email-set.ts';
import { filingRuleMethods } from './filing-rules.ts';
import { identityMethods } from './identity.ts';
import { imapFolderMethods } from './imap-folder.ts';
import { mailboxMethods } from './mailbox.ts';
import { mdnMethods } from './mdn.ts';
import { quotaMethods } from './quota.ts';
import { submissionMethods } from './submission.ts';
import { vacationMethods } from './vacation.ts';

/** The dispatch table: JMAP method name to handler (each runs inside the account's DO). */
export const METHODS: Record<string, Handler> = {
  ...mailboxMethods,
  ...emailReadMethods,
  ...emailQueryMethods,
  ...emailWriteMethods,
  ...emailImportMethods,
  ...identityMethods,
  ...submissionMethods,
  ...mdnMethods,
  ...quotaMethods,
  ...imapFolderMethods,
  ...vacationMethods,
  ...filingRuleMethods,
  ...cleanupMethods,
};

/** The capability a method needs in `using`. */
export function capabilityOf(method: string): string {
  if (['Core/', 'Blob/', 'PushSubscription/'].some((prefix) => method.startsWith(prefix))) {
    return 'urn:ietf:params:jmap:core';
  }
  if (method.startsWith('MDN/')) return 'urn:ietf:params:jmap:mdn';
  if (method.startsWith('Quota/')) return 'urn:ietf:params:jmap:quota';
  if (method.startsWith('ImapFolder/')) return IMAP_CAPABILITY;
  if (method.startsWith('VacationResponse/')) return 'urn:ietf:params:jmap:vacationresponse';
  if (method.startsWith('FilingRule/')) return JMAP_CAPABILITIES.filingRules;
  if (method.startsWith('Cleanup/')) return JMAP_CAPABILITIES.mssante;
  if (method.startsWith('EmailSubmission/') || method.startsWith('Identity/')) {
    return 'urn:ietf:params:jmap:submission';
  }
  return 'urn:ietf:params:jmap:mail';
}
