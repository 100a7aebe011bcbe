/**
 * Rules of patient conversations: only a professional starts one; a patient can only
 * reply; a professional closes it with a message whose subject is exactly `[FIN]`, or
 * forbids replies with the header `X-MSS-MES: FIN`.
 */

/** The subject that closes a conversation with a patient. */
export const FIN_SUBJECT = '[FIN]';

/** The header by which a professional forbids a patient's reply, and its value. */
export const MSS_MES_HEADER = 'X-MSS-MES';
export const MSS_MES_FIN = 'FIN';

/**
 * Whether a subject closes the conversation: exactly `[FIN]` (surrounding blanks ignored).
 *
 * @example
 * isFinSubject(' [FIN] '); // true
 * isFinSubject('Re: [FIN]'); // false
 * isFinSubject('[fin]'); // false
 */
export function isFinSubject(subject: string | null | undefined): boolean {
  return (subject ?? '').trim() === FIN_SUBJECT;
}

/**
 * Whether an `X-MSS-MES` header value forbids replies.
 *
 * @example
 * forbidsReply('FIN'); // true
 * forbidsReply(' fin '); // true
 * forbidsReply(undefined); // false
 */
export function forbidsReply(mssMes: string | null | undefined): boolean {
  return (mssMes ?? '').trim().toUpperCase() === MSS_MES_FIN;
}

/**
 * Whether a message a professional sent ends the conversation for the patient.
 *
 * @example
 * closesConversation({ subject: '[FIN]' }); // true
 * closesConversation({ subject: 'Résultats', mssMes: 'FIN' }); // true
 * closesConversation({ subject: 'Résultats' }); // false
 */
export function closesConversation(message: {
  subject?: string | null;
  mssMes?: string | null;
}): boolean {
  return isFinSubject(message.subject) || forbidsReply(message.mssMes);
}

/** Why a patient's message is refused, or null when it may be delivered. */
export type PatientMessageRefusal = 'patient_cannot_start' | 'patient_conversation_closed';

/**
 * Decides whether a patient's message may enter a BAL, given what this BAL sent to this
 * patient in the conversation the message replies to.
 *
 * @example
 * patientMessageRefusal({ repliesToOurMessage: false, conversationClosed: false }); // 'patient_cannot_start'
 * patientMessageRefusal({ repliesToOurMessage: true, conversationClosed: true }); // 'patient_conversation_closed'
 * patientMessageRefusal({ repliesToOurMessage: true, conversationClosed: false }); // null
 */
export function patientMessageRefusal(context: {
  /** The message replies (In-Reply-To/References) to a message this BAL sent this patient. */
  repliesToOurMessage: boolean;
  /** This BAL sent a `[FIN]` subject or `X-MSS-MES: FIN` in that conversation. */
  conversationClosed: boolean;
}): PatientMessageRefusal | null {
  if (!context.repliesToOurMessage) return 'patient_cannot_start';
  if (context.conversationClosed) return 'patient_conversation_closed';
  return null;
}
