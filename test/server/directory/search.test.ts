import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { searchDirectory } from '../../../server/directory/search.ts';
import { extractLines, importLines, withFields } from './support.ts';

const base = extractLines(400, 11);
const claire = withFields(base[1] as string, {
  1: 'claire.lefevre@medecin.mssante.fr',
  3: '10101234563',
  4: '810101234563',
  9: 'LEFÈVRE',
  10: 'Claire',
  13: '10',
  14: 'Médecin',
  15: 'SM41',
  16: 'Pneumologie',
  27: '69003 LYON',
  28: '69003',
});
const elodie = withFields(base[2] as string, {
  1: 'elodie.lefebvre@infirmier.mssante.fr',
  9: 'LEFEBVRE',
  10: 'Élodie',
  13: '60',
  14: 'Infirmier',
  15: '',
  16: '',
  27: '13005 MARSEILLE',
  28: '13005',
});

beforeEach(async () => {
  await importLines([base[0] as string, claire, elodie, ...base.slice(3)]);
});

describe('directory search', () => {
  it('finds a name whatever its accents and case', async () => {
    for (const q of ['lefevre', 'LEFÈVRE', 'Lefèvre', 'lefévre']) {
      expect((await searchDirectory(env.DB, q, 5)).map((r) => r.address)).toContain(
        'claire.lefevre@medecin.mssante.fr',
      );
    }
  });

  it('matches prefixes as the user types', async () => {
    const results = await searchDirectory(env.DB, 'clai lefe', 5);
    expect(results[0]?.address).toBe('claire.lefevre@medecin.mssante.fr');
  });

  it('combines name, profession, specialty, city and postcode', async () => {
    expect((await searchDirectory(env.DB, 'pneumologie lyon lef', 5))[0]?.name).toBe(
      'Claire LEFÈVRE',
    );
    expect((await searchDirectory(env.DB, 'infirmier 13005 lefebvre', 5))[0]?.name).toBe(
      'Élodie LEFEBVRE',
    );
  });

  it('finds by RPPS and by idNat', async () => {
    expect((await searchDirectory(env.DB, '10101234563', 5))[0]?.idNat).toBe('810101234563');
    expect((await searchDirectory(env.DB, '810101234563', 5))[0]?.idNat).toBe('810101234563');
  });

  it('finds an exact address', async () => {
    const results = await searchDirectory(env.DB, 'Elodie.Lefebvre@infirmier.mssante.fr', 5);
    expect(results.map((r) => r.name)).toEqual(['Élodie LEFEBVRE']);
  });

  it('ranks a name match above a match in another column', async () => {
    const results = await searchDirectory(env.DB, 'lefevre', 10);
    expect(results[0]?.address).toBe('claire.lefevre@medecin.mssante.fr');
  });

  it('answers the contract fields', async () => {
    const [first] = await searchDirectory(env.DB, 'claire lefevre', 1);
    expect(first).toMatchObject({
      address: 'claire.lefevre@medecin.mssante.fr',
      name: 'Claire LEFÈVRE',
      profession: 'Médecin',
      specialty: 'Pneumologie',
      city: 'LYON',
      idNat: '810101234563',
    });
  });

  it('ignores FTS5 syntax typed by the user', async () => {
    for (const q of ['"', 'NEAR(a b)', 'lef*', 'a OR b', '-', 'name:claire', '^claire']) {
      await expect(searchDirectory(env.DB, q, 5)).resolves.toBeInstanceOf(Array);
    }
    expect((await searchDirectory(env.DB, '"claire" (lefevre*', 5))[0]?.name).toBe(
      'Claire LEFÈVRE',
    );
  });

  it('answers nothing for an empty or one-letter query', async () => {
    expect(await searchDirectory(env.DB, '', 5)).toEqual([]);
    expect(await searchDirectory(env.DB, 'a', 5)).toEqual([]);
  });

  it('never finds a patient, even one written straight into the table', async () => {
    await env.DB.prepare(
      `INSERT INTO directory_entries (address, source, bal_type, name, updated_at)
       VALUES ('2840763123456@patient.mssante.fr', 'annuaire', 'PER', 'Patient Zoé', 0)`,
    ).run();
    expect(await searchDirectory(env.DB, 'patient zoe', 5)).toEqual([]);
    expect(await searchDirectory(env.DB, '2840763123456@patient.mssante.fr', 5)).toEqual([]);
    expect(await searchDirectory(env.DB, '2840763123456', 5)).toEqual([]);
  });
});
