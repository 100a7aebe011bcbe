import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mailboxStub } from '../../../server/mailbox/stub.ts';
import { NEW_MAIL_SENTENCE, noteNewMail } from '../../../server/notices/new-mail.ts';
import { setNoticePreferences } from '../../../server/notices/preferences.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { makeContact } from '../support/account-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';

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
    const result = await mailboxStub(env, bal.id).deliver({
      balId: bal.id,
      raw,
      mailFrom: 'karim.benali@medecin.pli.mssante.fr',
      rcptTo: bal.address,
    });
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
