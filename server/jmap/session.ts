import { MAX_FILING_RULES } from '../../shared/rules/filing-rules.ts';
import type { AccessibleBal } from '../storage/bals.ts';
import { CAPABILITIES } from './context.ts';
import { LIMITS } from './request.ts';

const SORTS = ['receivedAt', 'sentAt', 'size', 'from', 'to', 'subject', 'hasKeyword'];

/**
 * The JMAP Session object (RFC 8620 section 2): one account per BAL the person may use
 * (their own first, `isPersonal`; then the delegated ones), named by the BAL address.
 */
export function sessionObject(input: {
  origin: string;
  username: string;
  bals: AccessibleBal[];
  state: string;
  /** Pli's VAPID public key (base64url), for `PushManager.subscribe`; null: no Web Push. */
  vapidPublicKey: string | null;
}) {
  const { origin, bals } = input;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const accounts = Object.fromEntries(
    bals.map((bal) => [
      bal.id,
      {
        name: bal.address,
        isPersonal: bal.role === 'holder',
        isReadOnly: false,
        accountCapabilities: {
          [CAPABILITIES.mail]: {
            maxMailboxesPerEmail: null,
            maxMailboxDepth: 10,
            maxSizeMailboxName: 255,
            maxSizeAttachmentsPerEmail: LIMITS.maxSizeUpload,
            emailQuerySortOptions: SORTS,
            mayCreateTopLevelMailbox: true,
          },
          [CAPABILITIES.submission]: { maxDelayedSend: 0, submissionExtensions: {} },
          [CAPABILITIES.mdn]: {},
          [CAPABILITIES.quota]: {},
          [CAPABILITIES.vacationResponse]: {},
          [CAPABILITIES.filingRules]: { maxRules: MAX_FILING_RULES },
          [CAPABILITIES.mssante]: { role: bal.role, quotaBytes: bal.quotaBytes },
          [CAPABILITIES.imap]: {},
        },
      },
    ]),
  );
  const primary = (bals.find((b) => b.role === 'holder') ?? bals[0])?.id;
  return {
    capabilities: {
      [CAPABILITIES.core]: LIMITS,
      [CAPABILITIES.mail]: {},
      [CAPABILITIES.submission]: {},
      [CAPABILITIES.mdn]: {},
      [CAPABILITIES.quota]: {},
      [CAPABILITIES.vacationResponse]: {},
      [CAPABILITIES.filingRules]: {},
      [CAPABILITIES.mssante]: { version: 1, vapidPublicKey: input.vapidPublicKey },
      [CAPABILITIES.imap]: {},
      [CAPABILITIES.websocket]: { url: `${wsOrigin}/jmap/ws`, supportsPush: true },
    },
    accounts,
    primaryAccounts: primary
      ? {
          [CAPABILITIES.mail]: primary,
          [CAPABILITIES.submission]: primary,
          [CAPABILITIES.vacationResponse]: primary,
          [CAPABILITIES.filingRules]: primary,
          [CAPABILITIES.mssante]: primary,
        }
      : {},
    username: input.username,
    apiUrl: `${origin}/jmap/api`,
    downloadUrl: `${origin}/jmap/download/{accountId}/{blobId}/{name}?accept={type}`,
    uploadUrl: `${origin}/jmap/upload/{accountId}`,
    eventSourceUrl: `${origin}/jmap/eventsource?types={types}&closeafter={closeafter}&ping={ping}`,
    state: input.state,
  };
}
