import { afterEach, describe, expect, it } from 'vitest';
import { type CachedBody, type CachedEmail, PliDatabase } from '../../../web/src/db.ts';
import { MailIndex } from '../../../web/src/search/mail-index.ts';
import { NO_FILTERS, type SearchFilters } from '../../../web/src/search/search-filters.ts';

const ACCOUNT = 'bal-1';

function email(id: string, patch: Partial<CachedEmail> = {}): CachedEmail {
  return {
    accountId: ACCOUNT,
    id,
    threadId: `t-${id}`,
    mailboxIds: { inbox: true },
    keywords: { $seen: true },
    from: [{ name: 'Dr Karim Benali', email: 'karim.benali@medecin.pli.mssante.fr' }],
    to: [{ name: 'Dr Claire Martin', email: 'claire.martin@medecin.pli.mssante.fr' }],
    subject: 'Compte rendu',
    receivedAt: '2026-11-20T09:00:00Z',
    preview: 'Chère consœur',
    hasAttachment: false,
    size: 1200,
    ...patch,
  };
}

function body(id: string, text: string, attachments: string[] = []): CachedBody {
  return {
    accountId: ACCOUNT,
    id,
    html: null,
    text,
    cc: null,
    attachments: attachments.map((name, i) => ({
      blobId: `b-${id}-${i}`,
      name,
      type: 'application/pdf',
      size: 1000,
      cid: null,
      disposition: 'attachment',
    })),
  };
}

let db: PliDatabase | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

async function fresh() {
  db = new PliDatabase(`test-${crypto.randomUUID()}`);
  return db;
}

const ids = async (
  index: MailIndex,
  query: string,
  filters: Partial<SearchFilters> = {},
): Promise<string[]> =>
  (await index.search(query, { ...NO_FILTERS, ...filters }, 50)).hits.map((h) => h.email.id);

describe('the local search index, in real IndexedDB', () => {
  it('finds a message by subject, correspondent name or address, body text and attachment name', async () => {
    const base = await fresh();
    await base.emails.bulkPut([
      email('m1', { subject: 'Bilan sanguin de Mme Durand' }),
      email('m2', { from: [{ name: 'Laboratoire Biopole', email: 'resultats@labo.mssante.fr' }] }),
      email('m3'),
      email('m4'),
    ]);
    await base.bodies.bulkPut([
      body('m3', 'La créatinine est normale.'),
      body('m4', 'Ci-joint.', ['ordonnance-dupont.pdf']),
    ]);
    const index = await MailIndex.open(base, ACCOUNT);
    expect(await index.update()).toBe(4);
    expect(await ids(index, 'durand')).toEqual(['m1']);
    expect(await ids(index, 'biopole')).toEqual(['m2']);
    expect(await ids(index, 'resultats@labo')).toEqual(['m2']);
    expect(await ids(index, 'creatinine')).toEqual(['m3']);
    expect(await ids(index, 'ordonnance')).toEqual(['m4']);
  });

  it('folds case and accents both ways: "hemoglobine" finds "Hémoglobine", "HÉMO" too', async () => {
    const base = await fresh();
    await base.emails.put(email('m1'));
    await base.bodies.put(body('m1', 'Hémoglobine glyquée à 7,2 %.'));
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    expect(await ids(index, 'hemoglobine')).toEqual(['m1']);
    expect(await ids(index, 'HÉMOGLOBINE glyquee')).toEqual(['m1']);
    const [hit] = (await index.search('hemoglobine', NO_FILTERS, 10)).hits;
    expect(hit?.terms).toEqual(['hemoglobine']);
    expect(hit?.excerpt).toContain('Hémoglobine glyquée');
  });

  it('matches the last word typed as a prefix, the words before it whole, all of them required', async () => {
    const base = await fresh();
    await base.emails.bulkPut([
      email('m1', { subject: 'Résultats hémoglobine glyquée' }),
      email('m2', { subject: 'Résultats ferritine' }),
    ]);
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    expect(await ids(index, 'hémog')).toEqual(['m1']);
    expect(await ids(index, 'resultats fer')).toEqual(['m2']);
    expect((await ids(index, 'resultats')).sort()).toEqual(['m1', 'm2']);
    // "result" is not the last word: it must be a whole word.
    expect(await ids(index, 'result ferritine')).toEqual([]);
  });

  it('follows the cache: a message cached is added, a message gone is removed, a body cached later is indexed', async () => {
    const base = await fresh();
    await base.emails.put(email('m1', { subject: 'Premier' }));
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    expect(await ids(index, 'premier')).toEqual(['m1']);

    await base.emails.put(email('m2', { subject: 'Second' }));
    expect(await index.update()).toBe(1);
    expect(await ids(index, 'second')).toEqual(['m2']);

    await base.bodies.put(body('m2', 'Échographie abdominale'));
    expect(await index.update()).toBe(1);
    expect(await ids(index, 'echographie')).toEqual(['m2']);
    expect(await ids(index, 'second')).toEqual(['m2']);

    await base.emails.delete([ACCOUNT, 'm1']);
    expect(await index.update()).toBe(1);
    expect(await ids(index, 'premier')).toEqual([]);
    expect(index.size).toBe(1);
    expect(await index.update()).toBe(0);
  });

  it('keeps each account to itself', async () => {
    const base = await fresh();
    await base.emails.bulkPut([
      email('m1', { subject: 'Radiographie' }),
      { ...email('m2', { subject: 'Radiographie' }), accountId: 'bal-2' },
    ]);
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    expect(await ids(index, 'radio')).toEqual(['m1']);
  });

  it('is saved in the cache database and opened again as it was', async () => {
    const base = await fresh();
    await base.emails.put(email('m1', { subject: 'Scanner thoracique' }));
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    await index.save();
    expect(await base.searchIndex.count()).toBe(1);
    const reopened = await MailIndex.open(base, ACCOUNT);
    expect(reopened.size).toBe(1);
    expect(await ids(reopened, 'thoracique')).toEqual(['m1']);
    expect(await reopened.update()).toBe(0);
  });

  it('narrows results with the filters: from, to, dates, attachment, unread, flagged, folder', async () => {
    const base = await fresh();
    await base.emails.bulkPut([
      email('old', { subject: 'Dossier patient', receivedAt: '2026-01-10T10:00:00Z' }),
      email('att', { subject: 'Dossier patient', hasAttachment: true }),
      email('unread', { subject: 'Dossier patient', keywords: {} }),
      email('flag', { subject: 'Dossier patient', keywords: { $seen: true, $flagged: true } }),
      email('arch', { subject: 'Dossier patient', mailboxIds: { archive: true } }),
      email('lab', {
        subject: 'Dossier patient',
        from: [{ name: 'Laboratoire Élan', email: 'labo@elan.mssante.fr' }],
        to: [{ name: 'Dr Karim Benali', email: 'karim.benali@medecin.pli.mssante.fr' }],
      }),
    ]);
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    expect((await ids(index, 'dossier')).length).toBe(6);
    expect(await ids(index, 'dossier', { from: 'elan' })).toEqual(['lab']);
    expect(await ids(index, 'dossier', { to: 'benali' })).toEqual(['lab']);
    expect(await ids(index, 'dossier', { before: '2026-06-01' })).toEqual(['old']);
    expect(await ids(index, 'dossier', { after: '2026-06-01', hasAttachment: true })).toEqual([
      'att',
    ]);
    expect(await ids(index, 'dossier', { unread: true })).toEqual(['unread']);
    expect(await ids(index, 'dossier', { flagged: true })).toEqual(['flag']);
    expect(await ids(index, 'dossier', { mailboxId: 'archive' })).toEqual(['arch']);
    // No words: the filters alone choose; a state changed in the cache shows once the
    // index hears of the change (the worker's live query calls update on every write).
    expect(await ids(index, '', { flagged: true })).toEqual(['flag']);
    await base.emails.update([ACCOUNT, 'att'], { keywords: { $flagged: true } });
    expect(await index.update()).toBe(0);
    expect((await ids(index, '', { flagged: true })).sort()).toEqual(['att', 'flag']);
  });

  it('lists the newest first and says when there are more than asked for', async () => {
    const base = await fresh();
    await base.emails.bulkPut(
      Array.from({ length: 30 }, (_, i) =>
        email(`m${i}`, {
          subject: 'Compte rendu opératoire',
          receivedAt: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
        }),
      ),
    );
    const index = await MailIndex.open(base, ACCOUNT);
    await index.update();
    const results = await index.search('operatoire', NO_FILTERS, 10);
    expect(results.hits.map((h) => h.email.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${29 - i}`),
    );
    expect(results.more).toBe(true);
  });
});
