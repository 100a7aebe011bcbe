import {
  AUTO_SUBMITTED_REPLY,
  autoReplyAllowed,
  autoReplySubject,
  autoReplyText,
  replacementSentence,
  vacationActive,
} from '../../shared/mssante/auto-reply.ts';
import { readVacation } from '../jmap/vacation.ts';
import { composeMessage } from '../mail/compose.ts';
import { headerValue } from '../mail/mime-tree.ts';
import { htmlToText } from '../mail/parse.ts';
import type { DeliverInput } from './deliver-types.ts';
import type { Store } from './store.ts';

/** An absence reply to send: to the sender's Return-Path, with a null envelope sender. */
export interface AutoReply {
  to: string;
  raw: Uint8Array;
  /** Stable for this BAL, sender and absence period: the outbound path sends it once. */
  key: string;
}

const LIST_HEADERS = ['List-Id', 'List-Post', 'List-Unsubscribe', 'List-Help'];

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/**
 * The absence reply a message just stored in this BAL calls for, or null: the BAL's
 * VacationResponse is on at the message's arrival, the message may be answered (RFC 3834,
 * `shared/mssante/auto-reply.ts`), and its sender was not answered yet in this absence
 * period (recorded here, in the same output gate as the stored message). Where the reply may go is
 * the trust space's business: the outbound path refuses it outside.
 */
export function vacationReplyFor(
  store: Store,
  input: DeliverInput,
  receivedAt: number,
): AutoReply | null {
  const vacation = readVacation(store);
  if (!vacationActive(vacation, receivedAt)) return null;
  const balAddress = store.meta('address') ?? input.rcptTo.toLowerCase();
  const { summary, headers } = input.message;
  const visibleRecipients = [...(summary.to ?? []), ...(summary.cc ?? [])].map((a) =>
    a.email.toLowerCase(),
  );
  const allowed = autoReplyAllowed(
    {
      mailFrom: input.mailFrom,
      autoSubmitted: headerValue(headers, 'Auto-Submitted') ?? null,
      precedence: headerValue(headers, 'Precedence') ?? null,
      listHeaders: LIST_HEADERS.some((name) => headerValue(headers, name) !== undefined),
      contentType: headerValue(headers, 'Content-Type') ?? null,
      mssMes: summary.mssMes,
      visibleRecipients,
    },
    balAddress,
  );
  if (!allowed) return null;
  const sender = input.mailFrom.trim().toLowerCase();
  if (store.one('SELECT 1 AS x FROM vacation_replied WHERE sender = ?', sender)) return null;
  store.run('INSERT INTO vacation_replied (sender, replied_at) VALUES (?, ?)', sender, receivedAt);
  const name =
    store.one<{ name: string }>('SELECT name FROM identities WHERE may_delete = 0 LIMIT 1')?.name ??
    '';
  const text = autoReplyText({
    ...vacation,
    textBody: vacation.textBody ?? (vacation.htmlBody ? htmlToText(vacation.htmlBody) : null),
  });
  const html = vacation.htmlBody?.trim()
    ? vacation.mssReplacement
      ? `${vacation.htmlBody}<p>${escapeHtml(replacementSentence(vacation.mssReplacement))}</p>`
      : vacation.htmlBody
    : null;
  const messageId = summary.messageId?.[0];
  const { raw } = composeMessage({
    from: { name: name || null, email: balAddress },
    to: [{ name: null, email: sender }],
    cc: [],
    replyTo: [],
    subject: autoReplySubject(vacation.subject, summary.subject),
    text,
    html,
    attachments: [],
    inReplyTo: messageId ? [messageId] : null,
    references: messageId ? [...(summary.references ?? []), messageId] : null,
    readReceipt: false,
    noReply: false,
    date: new Date(receivedAt),
    headers: [{ name: 'Auto-Submitted', value: AUTO_SUBMITTED_REPLY }],
  });
  return { to: sender, raw, key: `${store.state('VacationResponse')}:${sender}` };
}
