import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { searchDirectory } from '../../../server/directory/search.ts';
import { extractLines, importLines, withFields } from './support.ts';

const count = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM directory_entries').first<{ n: number }>())?.n;

describe('the extract importer', () => {
  it('loads every row of a generated extract', async () => {
    const stats = await importLines(extractLines(1200));
    expect(stats).toMatchObject({ rowsRead: 1200, rowsSkipped: 0, added: 1200, removed: 0 });
    expect(await count()).toBe(1200);
  });

  it('changes nothing when the same extract is imported twice', async () => {
    const lines = extractLines(600);
    await importLines(lines);
    const again = await importLines(lines);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 600, removed: 0 });
    expect(await count()).toBe(600);
  });

  it('applies a daily refresh: adds, updates and removals', async () => {
    const lines = extractLines(300);
    await importLines(lines);
    const changed = withFields(lines[5] as string, { 27: '26000 VALENCE', 28: '26000' });
    const removed = lines[6] as string;
    const added = extractLines(301)[301] as string;
    const next = lines.map((l) => (l === lines[5] ? changed : l)).filter((l) => l !== removed);
    const stats = await importLines([...next, added]);
    expect(stats).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 298 });
    const address = changed.split('|')[1] as string;
    const [found] = await searchDirectory(env.DB, address, 5);
    expect(found?.city).toBe('VALENCE');
    expect(await searchDirectory(env.DB, removed.split('|')[1] as string, 5)).toEqual([]);
  });

  it('keeps the full-text index in step with updates and removals', async () => {
    const lines = extractLines(50);
    await importLines(lines);
    const renamed = withFields(lines[1] as string, { 9: 'ZYGOMAR', 10: 'Ophélie' });
    await importLines([lines[0] as string, renamed, ...lines.slice(2)]);
    expect((await searchDirectory(env.DB, 'zygomar', 5)).map((r) => r.name)).toEqual([
      'Ophélie ZYGOMAR',
    ]);
    // The old tokens left the index: the row is found once, under its new name only.
    const byRpps = await searchDirectory(env.DB, (lines[1] as string).split('|')[3] as string, 5);
    expect(byRpps.map((r) => r.name)).toEqual(['Ophélie ZYGOMAR']);
    const oldGiven = (lines[1] as string).split('|')[10] as string;
    const row = await env.DB.prepare(
      'SELECT count(*) AS n FROM directory_fts WHERE directory_fts MATCH ?',
    )
      .bind(`given_name : "${oldGiven}" AND rpps : "${(lines[1] as string).split('|')[3]}"`)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('never imports a patient address', async () => {
    const lines = extractLines(20);
    const patient = withFields(lines[3] as string, { 1: '2840763123456@patient.mssante.fr' });
    const stats = await importLines([...lines, patient]);
    expect(stats.rowsSkipped).toBe(1);
    const row = await env.DB.prepare(
      "SELECT count(*) AS n FROM directory_entries WHERE address LIKE '%@patient.mssante.fr'",
    ).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('skips rows on Pli’s own domains, which Pli publishes from its own data', async () => {
    const lines = extractLines(10);
    const own = withFields(lines[2] as string, { 1: 'rouge.liste@medecin.pli.mssante.fr' });
    const stats = await importLines([...lines, own]);
    expect(stats.rowsSkipped).toBe(1);
    expect(await searchDirectory(env.DB, 'rouge.liste@medecin.pli.mssante.fr', 5)).toEqual([]);
  });

  it('refuses a file that is not the extract, and leaves the directory untouched', async () => {
    await importLines(extractLines(10));
    await expect(importLines(['a|b|c', 'd|e|f'])).rejects.toThrow('Not an MSSanté extract');
    expect(await count()).toBe(10);
  });

  it('refuses a truncated extract that would empty most of the directory', async () => {
    const lines = extractLines(100);
    await importLines(lines);
    await expect(importLines(lines.slice(0, 20))).rejects.toThrow('more than half');
    expect(await count()).toBe(100);
    const forced = await importLines(lines.slice(0, 20), { allowMassRemoval: true });
    expect(forced.removed).toBe(81);
  });

  it('writes within D1’s bound-parameter limit whatever the chunk size', async () => {
    const stats = await importLines(extractLines(2000), { chunkRows: 1000 });
    expect(stats.added).toBe(2000);
  });

  it('refuses a second import while one is running', async () => {
    await env.DB.prepare("INSERT INTO directory_imports (started_at, status) VALUES (?, 'running')")
      .bind(Date.now())
      .run();
    await expect(importLines(extractLines(5))).rejects.toThrow('Another import');
    await env.DB.prepare('UPDATE directory_imports SET started_at = ?')
      .bind(Date.now() - 2 * 3600_000)
      .run();
    expect((await importLines(extractLines(5))).added).toBe(5);
  });
});
