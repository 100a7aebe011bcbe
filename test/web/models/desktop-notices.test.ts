import { describe, expect, it } from 'vitest';
import type { CachedEmail } from '../../../web/src/db.ts';
import { noticeText } from '../../../web/src/models/desktop-notices.ts';

const email = (id: string, name: string | null): CachedEmail => ({
  accountId: 'bal-1',
  id,
  threadId: `t-${id}`,
  mailboxIds: { inbox: true },
  keywords: {},
  from: [{ name, email: 'karim.benali@medecin.pli.mssante.fr' }],
  to: [],
  subject: 'Résultats de Mme Leroy, INS 2 84 05 75 123 456 78',
  receivedAt: '2026-12-04T10:00:00Z',
  preview: 'Hémoglobine glyquée à 8,1 %',
  hasAttachment: false,
  size: 1000,
});

describe('noticeText', () => {
  it('forbids the subject and the text in a notification, the sender named only when chosen', () => {
    const one = [email('m1', 'Dr Karim Benali')];
    for (const text of [noticeText(one, false), noticeText(one, true)]) {
      expect(text).not.toContain('Leroy');
      expect(text).not.toContain('glyquée');
    }
    expect(noticeText(one, false)).toBe('Nouveau message dans votre boîte.');
    expect(noticeText(one, true)).toBe('Nouveau message de Dr Karim Benali.');
    expect(noticeText([email('m2', null)], true)).toBe(
      'Nouveau message de karim.benali@medecin.pli.mssante.fr.',
    );
  });

  it('counts several messages in one notification, naming no one', () => {
    const many = ['a', 'b', 'c', 'd'].map((id) => email(id, 'Dr Karim Benali'));
    expect(noticeText(many, true)).toBe('4 nouveaux messages dans votre boîte.');
  });
});
