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
 * How long a mailbox that found no notice to send (notices off, no verified contact, no
 * live BAL) waits before asking D1 again: a holder who turns notices on hears of mail
 * arriving from a minute later at most.
 */
export const NOTICE_RECHECK_MS = 60_000;

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

/** When the last notice of a BAL went out (ms), or null. */
async function lastSentAt(db: D1Database, balId: string): Promise<number | null> {
  const row = await db
    .prepare('SELECT last_sent_at FROM notice_state WHERE bal_id = ?')
    .bind(balId)
    .first<{ last_sent_at: number }>();
  return row?.last_sent_at ?? null;
}

/**
 * Tells the holder of a BAL, at their external address (or mobile, as they chose), that new
 * mail arrived: at most one notice per interval per BAL, none when they turned notices
 * off or have no verified contact. Called after each stored delivery (through a
 * {@link NoticeThrottle}). Answers the time before which no notice can be due, so the
 * caller need not ask D1 again until then: the end of the interval after the last notice,
 * or `now` + {@link NOTICE_RECHECK_MS} when there was none to send.
 */
export async function noteNewMail(env: Bindings, balId: string, now = Date.now()): Promise<number> {
  const intervalMs = noticeIntervalMs(env);
  const recheck = now + Math.min(NOTICE_RECHECK_MS, intervalMs);
  const bal = await env.DB.prepare(
    'SELECT holder_id_nat FROM bals WHERE id = ? AND deleted_at IS NULL',
  )
    .bind(balId)
    .first<{ holder_id_nat: string }>();
  if (!bal) return recheck;
  const preferences = await noticePreferences(env.DB, bal.holder_id_nat);
  if (!preferences.enabled) return recheck;
  const contact = await externalContact(env.DB, bal.holder_id_nat);
  const target = preferences.channel === 'sms' && contact.mobile ? 'sms' : 'email';
  if (target === 'email' && !contact.email) return recheck;
  if (!(await claimSlot(env.DB, balId, now, intervalMs))) {
    const last = await lastSentAt(env.DB, balId);
    return last === null ? recheck : Math.max(recheck, last + intervalMs);
  }
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
  return now + intervalMs;
}

/**
 * A mailbox's memory of its notices, so that deliveries make no D1 query for them while
 * none can be due. The mailbox DO is the only caller of `noteNewMail` for its BAL, so what
 * it remembers is exact: after a notice went, nothing is asked until the interval passed;
 * while one check is under way, deliveries join it (one notice covers them all). The
 * memory is lost when the object is evicted: the next delivery asks D1 again, whose
 * `notice_state` stays the authority.
 */
export class NoticeThrottle {
  private quietUntil = 0;
  private pending: Promise<void> | null = null;

  /** Notes one stored delivery; the check to wait on, or null when D1 need not be asked. */
  note(env: Bindings, balId: string, now = Date.now()): Promise<void> | null {
    if (this.pending || now < this.quietUntil) return null;
    const check = noteNewMail(env, balId, now).then(
      (quietUntil) => {
        this.quietUntil = quietUntil;
      },
      () => {
        this.quietUntil = now + Math.min(NOTICE_RECHECK_MS, noticeIntervalMs(env));
      },
    );
    this.pending = check.finally(() => {
      this.pending = null;
    });
    return this.pending;
  }
}
