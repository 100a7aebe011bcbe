import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  NEW_MAIL_SENTENCE,
  NoticeThrottle,
  noteNewMail,
} from '../../../server/notices/new-mail.ts';
import { setNoticePreferences } from '../../../server/notices/preferences.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { makeContact } from '../support/account-factories.ts';
import { countingD1 } from '../support/counting-d1.ts';
import { makeBal, makePerson } from '../support/factories.ts';
import { deliver } from '../support/mail.ts';

const T0 = Date.UTC(2026, 10, 22, 8, 0);
const MINUTE = 60_000;

async function holderWithBal(contact: { email?: string; mobile?: string } = {}) {
  const person = await makePerson();
  const bal = await makeBal(person.idNat);
  await makeContact(person.idNat, { email: 'claire.perso@example.org', ...contact });
  return { person, bal };
}

describe('new-mail notices', () => {
  it('tell the holder at their external address with the sentence and a link only', async () => {
    const { bal } = await holderWithBal();
    await noteNewMail(env, bal.id, T0);
    const [notice] = await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 });
    expect(notice?.kind).toBe('email');
    expect(notice?.body).toContain(NEW_MAIL_SENTENCE);
    expect(notice?.body).toContain(`${env.PUBLIC_URL}/`);
    expect(notice?.subject).toBe('Nouveau message sur votre messagerie sécurisée de santé');
  });

  it('send at most one notice per 15 minutes for a BAL', async () => {
    const { bal } = await holderWithBal();
    await noteNewMail(env, bal.id, T0);
    await noteNewMail(env, bal.id, T0 + 1 * MINUTE);
    await noteNewMail(env, bal.id, T0 + 14 * MINUTE);
    expect(await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 })).toHaveLength(1);
    await noteNewMail(env, bal.id, T0 + 15 * MINUTE);
    expect(await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 })).toHaveLength(2);
  });

  it('send one notice when many deliveries arrive at once', async () => {
    const { bal } = await holderWithBal();
    await Promise.all([1, 2, 3, 4, 5].map((i) => noteNewMail(env, bal.id, T0 + i)));
    expect(await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 })).toHaveLength(1);
  });

  it('follow the configured interval', async () => {
    const { bal } = await holderWithBal();
    const fiveMinutes = { ...env, NOTICE_INTERVAL_MINUTES: '5' };
    await noteNewMail(fiveMinutes, bal.id, T0);
    await noteNewMail(fiveMinutes, bal.id, T0 + 5 * MINUTE);
    expect(await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 })).toHaveLength(2);
  });

  it('go by SMS when the holder chose it', async () => {
    const { person, bal } = await holderWithBal({ mobile: '+33612345678' });
    await setNoticePreferences(env.DB, person.idNat, { enabled: true, channel: 'sms' });
    await noteNewMail(env, bal.id, T0);
    const [sms] = await listOutbox(env.DB, { to: '+33612345678', limit: 10 });
    expect(sms?.kind).toBe('sms');
    expect(sms?.body).toBe(`${NEW_MAIL_SENTENCE} : ${env.PUBLIC_URL}/`);
    expect(await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 })).toEqual([]);
  });

  it('send nothing when the holder turned notices off', async () => {
    const { person, bal } = await holderWithBal();
    await setNoticePreferences(env.DB, person.idNat, { enabled: false, channel: 'email' });
    await noteNewMail(env, bal.id, T0);
    expect(await listOutbox(env.DB, { limit: 10 })).toEqual([]);
  });

  it('refuses to send to an external address that was never verified', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat);
    await makeContact(person.idNat, { email: 'pas.verifie@example.org', verified: false });
    await noteNewMail(env, bal.id, T0);
    expect(await listOutbox(env.DB, { limit: 10 })).toEqual([]);
  });

  it('never carry the sender, the subject or any content', async () => {
    const { bal } = await holderWithBal();
    await noteNewMail(env, bal.id, T0);
    const [notice] = await listOutbox(env.DB, { limit: 10 });
    const text = `${notice?.subject}\n${notice?.body}`;
    expect(text).not.toContain('@medecin');
    expect(text).not.toContain(bal.address);
    expect(text.split('\n').filter((line) => line.trim() !== '')).toHaveLength(5);
  });
});

describe('new-mail notices after a delivery', () => {
  it('reach the holder when the mailbox stores a message', async () => {
    const { bal } = await holderWithBal();
    const raw = new TextEncoder().encode(
      [
        'From: <karim.benali@medecin.pli.mssante.fr>',
        `To: <${bal.address}>`,
        'Subject: Résultats confidentiels',
        'Message-ID: <notice-1@pli.test>',
        'Date: Sun, 22 Nov 2026 08:00:00 +0000',
        '',
        'Contenu médical.',
        '',
      ].join('\r\n'),
    );
    const result = await deliver(bal.id, raw, 'karim.benali@medecin.pli.mssante.fr', bal.address);
    expect(result.status).toBe('stored');
    let notices = await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 5 });
    for (let i = 0; i < 40 && notices.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      notices = await listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 5 });
    }
    expect(notices).toHaveLength(1);
    const text = `${notices[0]?.subject}\n${notices[0]?.body}`;
    expect(text).not.toContain('Résultats');
    expect(text).not.toContain('karim');
    expect(text).not.toContain('Contenu');
  });
});

describe('the mailbox notice throttle', () => {
  const counted = () => {
    const { db, queries } = countingD1(env.DB);
    return { env: { ...env, DB: db }, queries };
  };
  const notices = () => listOutbox(env.DB, { to: 'claire.perso@example.org', limit: 10 });

  it('makes no D1 query for a second delivery within the notice interval', async () => {
    const { bal } = await holderWithBal();
    const { env: countedEnv, queries } = counted();
    const throttle = new NoticeThrottle();
    await throttle.note(countedEnv, bal.id, T0);
    expect(await notices()).toHaveLength(1);
    const after = queries();
    expect(after).toBeGreaterThan(0);
    expect(throttle.note(countedEnv, bal.id, T0 + 1 * MINUTE)).toBeNull();
    expect(throttle.note(countedEnv, bal.id, T0 + 14 * MINUTE)).toBeNull();
    expect(queries()).toBe(after);
    await throttle.note(countedEnv, bal.id, T0 + 15 * MINUTE);
    expect(await notices()).toHaveLength(2);
  });

  it('asks D1 once for deliveries that arrive while a check is under way', async () => {
    const { bal } = await holderWithBal();
    const throttle = new NoticeThrottle();
    const checks = [1, 2, 3, 4, 5].map((i) => throttle.note(env, bal.id, T0 + i));
    expect(checks.filter((check) => check !== null)).toHaveLength(1);
    await Promise.all(checks);
    expect(await notices()).toHaveLength(1);
  });

  it('waits for the rest of the interval of a notice it did not send itself', async () => {
    const { bal } = await holderWithBal();
    await noteNewMail(env, bal.id, T0);
    const { env: countedEnv, queries } = counted();
    const throttle = new NoticeThrottle();
    await throttle.note(countedEnv, bal.id, T0 + 10 * MINUTE);
    const after = queries();
    expect(throttle.note(countedEnv, bal.id, T0 + 14 * MINUTE)).toBeNull();
    expect(queries()).toBe(after);
    await throttle.note(countedEnv, bal.id, T0 + 15 * MINUTE);
    expect(await notices()).toHaveLength(2);
  });

  it('asks D1 again a minute after finding notices off, and sends once they are on', async () => {
    const { person, bal } = await holderWithBal();
    await setNoticePreferences(env.DB, person.idNat, { enabled: false, channel: 'email' });
    const throttle = new NoticeThrottle();
    await throttle.note(env, bal.id, T0);
    await setNoticePreferences(env.DB, person.idNat, { enabled: true, channel: 'email' });
    expect(throttle.note(env, bal.id, T0 + 30_000)).toBeNull();
    expect(await notices()).toEqual([]);
    await throttle.note(env, bal.id, T0 + 60_000);
    expect(await notices()).toHaveLength(1);
  });
});
