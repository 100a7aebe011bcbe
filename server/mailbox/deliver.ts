import { closesConversation, patientMessageRefusal } from '../../shared/mssante/conversation.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { isOnPatientDomain } from '../../shared/mssante/patient.ts';
import { applyRules } from '../../shared/rules/filing-rules.ts';
import { readRules } from '../jmap/filing-rules.ts';
import type { MessageSummary } from '../mail/parse.ts';
import type { DeliverInput, DeliverResult } from './deliver-types.ts';
import { recordReport } from './delivery-status.ts';
import { insertEmail } from './emails.ts';
import { roleMailbox } from './setup.ts';
import type { Store } from './store.ts';
import { vacationReplyFor } from './vacation-reply.ts';

/** The sender's address when it is on the patient domain, else null. */
function patientSender(summary: MessageSummary, mailFrom: string): string | null {
  const from = summary.from?.[0]?.email ?? '';
  if (isOnPatientDomain(from)) return from.toLowerCase();
  if (isOnPatientDomain(mailFrom)) return mailFrom.toLowerCase();
  return null;
}

/**
 * The patient rule: a patient may only reply to a message this BAL sent them, and not once
 * this BAL closed that conversation (`[FIN]` subject or `X-MSS-MES: FIN`).
 */
function patientRefusal(store: Store, patient: string, summary: MessageSummary) {
  const refs = [...(summary.inReplyTo ?? []), ...(summary.references ?? [])];
  const threads = new Set<string>();
  for (const ref of refs) {
    const row = store.one<{ thread_id: string }>(
      'SELECT thread_id FROM patient_sent WHERE message_id = ? AND patient = ?',
      ref,
      patient,
    );
    if (row) threads.add(row.thread_id);
  }
  const conversationClosed = [...threads].some(
    (thread) =>
      store.one(
        'SELECT 1 AS x FROM patient_sent WHERE thread_id = ? AND patient = ? AND closes = 1',
        thread,
        patient,
      ) !== undefined,
  );
  return patientMessageRefusal({ repliesToOurMessage: threads.size > 0, conversationClosed });
}

/** Records that this BAL sent a message to a patient (what the patient may reply to). */
export function notePatientMessage(
  store: Store,
  input: { messageId: string; patient: string; threadId: string; summary: MessageSummary },
): void {
  store.run(
    'INSERT OR REPLACE INTO patient_sent (message_id, patient, thread_id, closes) VALUES (?, ?, ?, ?)',
    input.messageId,
    input.patient.toLowerCase(),
    input.threadId,
    closesConversation({ subject: input.summary.subject, mssMes: input.summary.mssMes }) ? 1 : 0,
  );
}

/**
 * Where the BAL's filing rules put an arriving message, and with which keywords: the
 * inbox unless a rule files it (into a folder that still exists).
 */
function fileByRules(store: Store, summary: MessageSummary) {
  const inbox = roleMailbox(store, 'inbox');
  const rules = readRules(store);
  if (rules.length === 0) return { mailboxId: inbox, keywords: [] };
  const outcome = applyRules(rules, {
    from: (summary.from ?? []).map((a) => a.email ?? '').filter(Boolean),
    subject: summary.subject ?? '',
    structuredDocument: summary.structuredDocument === true,
    labResult: summary.labResult === true,
  });
  const folder =
    outcome.moveTo && store.one('SELECT 1 AS x FROM mailboxes WHERE id = ?', outcome.moveTo)
      ? outcome.moveTo
      : inbox;
  return { mailboxId: folder, keywords: outcome.keywords };
}

/**
 * One inbound or local delivery into this mailbox (its inbox, or where its filing rules
 * put it): see `DeliverResult`. The raw message comes hashed and parsed (`input.message`)
 * and the quota with it: no hashing, parsing or D1 query here.
 */
export async function deliverMessage(store: Store, input: DeliverInput): Promise<DeliverResult> {
  if (input.raw.byteLength > MAX_MESSAGE_BYTES) return { status: 'refused', reason: 'too_large' };
  const { sha, summary, headers, violation } = input.message;
  if (violation) return { status: 'refused', reason: 'too_complex' };
  const messageId = summary.messageId?.[0];
  const keys = [`sha:${sha}`, ...(messageId ? [`mid:${messageId}`] : [])];
  const duplicateOf = () => {
    for (const key of keys) {
      const seen = store.one<{ email_id: string }>(
        'SELECT email_id FROM deliveries WHERE key = ?',
        key,
      );
      if (seen) return seen.email_id;
    }
    return null;
  };
  const seen = duplicateOf();
  if (seen) return { status: 'duplicate', emailId: seen };
  const patient = patientSender(summary, input.mailFrom);
  if (patient) {
    const reason = patientRefusal(store, patient, summary);
    if (reason) return { status: 'refused', reason };
  }
  const receivedAt = input.receivedAt ?? Date.now();
  const filing = fileByRules(store, summary);
  const result = await insertEmail(store, {
    raw: input.raw,
    blobId: sha,
    summary,
    headers,
    mailboxIds: [filing.mailboxId],
    keywords: filing.keywords,
    receivedAt,
    quotaBytes: input.quotaBytes,
    duplicateOf,
    onInsert: (emailId) => {
      for (const key of keys) {
        store.run('INSERT OR IGNORE INTO deliveries (key, email_id) VALUES (?, ?)', key, emailId);
      }
    },
  });
  if (!result.ok) {
    if (result.reason === 'duplicate') return { status: 'duplicate', emailId: result.emailId };
    if (result.reason === 'too_complex') return { status: 'refused', reason: 'too_complex' };
    return { status: 'over_quota' };
  }
  recordReport(store, { emailId: result.emailId, summary, mailFrom: input.mailFrom, receivedAt });
  const autoReply = vacationReplyFor(store, input, receivedAt);
  return { status: 'stored', emailId: result.emailId, ...(autoReply ? { autoReply } : {}) };
}
