import { externalContact } from '../account/contact.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { sendExternalEmail, sendSms } from '../outside/send.ts';
import { noticePreferences } from './preferences.ts';

/** The only sentence a notice ever carries: never a sender, a subject or any content. */
export const NEW_MAIL_SENTENCE =
  'Vous avez reçu un nouveau message sur votre messagerie sécurisée de santé';

export const NEW_MAIL_SUBJECT = 'Nouveau message sur votre messagerie sécurisée de santé';

/** Minimum interval between two notices of one BAL, from `NOTICE_INTERVAL_MINUTES`. */
export function noticeIntervalMs(env: Bindings): number {
  return config(env).noticeIntervalMinutes * 60_000;
}

/** The email text of a notice: the sentence and a link to Pli, nothing else. */
export function noticeEmailText(link: string): string {
  return [
    'Bonjour,',
    '',
    `${NEW_MAIL_SENTENCE}.`,
    '',
    `Pour le consulter : ${link}`,
    '',
    'Ce message automatique ne contient aucune information de santé. Vous pouvez désactiver ces avis dans les paramètres de votre compte.',
  ].join('\n');
}

/** The SMS text of a notice. */
export function noticeSmsText(link: string): string {
  return `${NEW_MAIL_SENTENCE} : ${link}`;
}

/**
 * Claims the notice slot of a BAL: true when no notice went out within the interval (and
 * records `now`), false otherwise. One statement, so concurrent deliveries send one notice.
 */
async function claimSlot(db: D1Database, balId: string, now: number, intervalMs: number) {
  const result = await db
    .prepare(
      `INSERT INTO notice_state (bal_id, last_sent_at) VALUES (?1, ?2)
       ON CONFLICT (bal_id) DO UPDATE SET last_sent_at = excluded.last_sent_at
       WHERE notice_state.last_sent_at <= ?2 - ?3`,
    )
    .bind(balId, now, intervalMs)
    .run();
  return result.meta.changes > 0;
}

/**
 * Tells the holder of a BAL, at their external address (or mobile, as they chose), that new
 * mail arrived: at most one notice per interval per BAL, none when they turned notices
 * off or have no verified contact. Called after each stored delivery.
 */
export async function noteNewMail(env: Bindings, balId: string, now = Date.now()): Promise<void> {
  const bal = await env.DB.prepare(
    'SELECT holder_id_nat FROM bals WHERE id = ? AND deleted_at IS NULL',
  )
    .bind(balId)
    .first<{ holder_id_nat: string }>();
  if (!bal) return;
  const preferences = await noticePreferences(env.DB, bal.holder_id_nat);
  if (!preferences.enabled) return;
  const contact = await externalContact(env.DB, bal.holder_id_nat);
  const target = preferences.channel === 'sms' && contact.mobile ? 'sms' : 'email';
  if (target === 'email' && !contact.email) return;
  if (!(await claimSlot(env.DB, balId, now, noticeIntervalMs(env)))) return;
  const link = `${config(env).publicUrl}/`;
  if (target === 'sms' && contact.mobile) {
    await sendSms(env, { to: contact.mobile, text: noticeSmsText(link) });
  } else if (contact.email) {
    await sendExternalEmail(env, {
      to: contact.email,
      subject: NEW_MAIL_SUBJECT,
      text: noticeEmailText(link),
    });
  }
}
