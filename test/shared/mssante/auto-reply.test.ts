import { describe, expect, it } from 'vitest';
import {
  autoReplyAllowed,
  autoReplySubject,
  autoReplyText,
  type IncomingFacts,
  vacationActive,
} from '../../../shared/mssante/auto-reply.ts';

const BAL = 'claire.martin@medecin.pli.mssante.fr';
const plain: IncomingFacts = {
  mailFrom: 'karim.benali@medecin.pli.mssante.fr',
  listHeaders: false,
  visibleRecipients: [BAL],
};

describe('autoReplyAllowed', () => {
  it('answers a colleague who wrote to the BAL', () => {
    expect(autoReplyAllowed(plain, BAL)).toBe(true);
    expect(autoReplyAllowed({ ...plain, autoSubmitted: 'no' }, BAL)).toBe(true);
  });

  it('forbids replies to automated mail (RFC 3834): Auto-Submitted, Precedence, lists, reports', () => {
    for (const autoSubmitted of [
      'auto-replied',
      'auto-generated',
      'auto-notified; owner-email=x',
    ]) {
      expect(autoReplyAllowed({ ...plain, autoSubmitted }, BAL)).toBe(false);
    }
    for (const precedence of ['bulk', 'list', 'junk', 'Bulk']) {
      expect(autoReplyAllowed({ ...plain, precedence }, BAL)).toBe(false);
    }
    expect(autoReplyAllowed({ ...plain, listHeaders: true }, BAL)).toBe(false);
    expect(
      autoReplyAllowed(
        { ...plain, contentType: 'multipart/report; report-type=delivery-status' },
        BAL,
      ),
    ).toBe(false);
  });

  it('forbids replies to a null, machine or own sender', () => {
    for (const mailFrom of [
      '',
      'mailer-daemon@medecin.pli.mssante.fr',
      'MAILER-DAEMON@x.mssante.fr',
      'postmaster@x.mssante.fr',
      'no-reply@x.mssante.fr',
      'ne-pas-repondre@x.mssante.fr',
      'owner-cardio@liste.mssante.fr',
      'cardio-request@liste.mssante.fr',
      BAL,
    ]) {
      expect(autoReplyAllowed({ ...plain, mailFrom }, BAL), mailFrom).toBe(false);
    }
  });

  it('forbids replies when the message forbids them (X-MSS-MES: FIN) or the BAL was only in Bcc', () => {
    expect(autoReplyAllowed({ ...plain, mssMes: 'FIN' }, BAL)).toBe(false);
    expect(autoReplyAllowed({ ...plain, visibleRecipients: ['autre@x.mssante.fr'] }, BAL)).toBe(
      false,
    );
  });
});

describe('vacationActive', () => {
  const at = Date.parse('2026-12-24T10:00:00Z');
  it('is on when enabled, from its start date included to its end date excluded', () => {
    expect(vacationActive({ isEnabled: true, fromDate: null, toDate: null }, at)).toBe(true);
    expect(
      vacationActive({ isEnabled: true, fromDate: '2026-12-24T10:00:00Z', toDate: null }, at),
    ).toBe(true);
    expect(
      vacationActive({ isEnabled: true, fromDate: null, toDate: '2026-12-24T10:00:00Z' }, at),
    ).toBe(false);
    expect(
      vacationActive({ isEnabled: true, fromDate: '2026-12-25T00:00:00Z', toDate: null }, at),
    ).toBe(false);
    expect(vacationActive({ isEnabled: false, fromDate: null, toDate: null }, at)).toBe(false);
  });
});

describe('the reply', () => {
  it('takes the chosen subject, else answers the original one', () => {
    expect(autoReplySubject('Absente', 'Résultats')).toBe('Absente');
    expect(autoReplySubject(null, 'Résultats')).toBe('Réponse automatique : Résultats');
    expect(autoReplySubject('  ', null)).toBe('Réponse automatique');
  });

  it('says when the user is back by default, and names the replacement colleague', () => {
    expect(
      autoReplyText({
        textBody: null,
        toDate: '2027-01-04T07:00:00Z',
        mssReplacement: 'karim.benali@medecin.pli.mssante.fr',
      }),
    ).toBe(
      "Je suis absent(e) jusqu'au 4 janvier 2027 et ne lis pas mes messages.\n\nEn mon absence, vous pouvez écrire à karim.benali@medecin.pli.mssante.fr.",
    );
    expect(autoReplyText({ textBody: 'En congé.', toDate: null, mssReplacement: null })).toBe(
      'En congé.',
    );
  });
});
