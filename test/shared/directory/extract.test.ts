import { describe, expect, it } from 'vitest';
import {
  EXTRACT_COLUMNS,
  isExtractHeader,
  parseExtractLine,
} from '../../../shared/directory/extract.ts';
import {
  fictionalRpps,
  generateExtract,
  luhnCheckDigit,
} from '../../../shared/directory/generator.ts';

describe('the fictional extract generator', () => {
  it('writes the official header and 31 fields per row', () => {
    const lines = [...generateExtract({ count: 500 })];
    expect(isExtractHeader(lines[0] as string)).toBe(true);
    expect(lines.slice(1).every((l) => l.split('|').length === EXTRACT_COLUMNS.length)).toBe(true);
  });

  it('is deterministic and gives unique addresses', () => {
    const a = [...generateExtract({ count: 2000, seed: 5 })];
    expect([...generateExtract({ count: 2000, seed: 5 })]).toEqual(a);
    expect(new Set(a.map((l) => l.split('|')[1])).size).toBe(a.length);
  });

  it('gives RPPS numbers with a valid Luhn check digit', () => {
    const rpps = fictionalRpps(1234);
    expect(rpps).toHaveLength(11);
    expect(luhnCheckDigit(rpps.slice(0, 10))).toBe(rpps.slice(10));
    // A known valid RPPS of the demo data.
    expect(luhnCheckDigit('1010001001')).toBe('5');
  });

  it('never writes a patient address', () => {
    expect(
      [...generateExtract({ count: 3000 })].some((l) => l.includes('@patient.mssante.fr')),
    ).toBe(false);
  });
});

describe('parseExtractLine', () => {
  it('reads names, profession, place and identifiers', () => {
    const line = [...generateExtract({ count: 3, seed: 1 })].find((l) =>
      l.startsWith('PER|'),
    ) as string;
    const entry = parseExtractLine(line);
    expect(entry?.idNat).toBe(`8${entry?.rpps}`);
    expect(entry?.postcode).toMatch(/^\d{5}$/);
    expect(entry?.city).not.toMatch(/\d/);
  });

  it('refuses a patient address and a malformed line', () => {
    const line = [...generateExtract({ count: 2, seed: 1 })][1] as string;
    const fields = line.split('|');
    fields[1] = '284076312345678@patient.mssante.fr';
    expect(parseExtractLine(fields.join('|'))).toBeNull();
    expect(parseExtractLine('PER|x@y.fr')).toBeNull();
  });
});
