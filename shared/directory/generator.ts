import { fold } from '../text.ts';
import { PROFESSIONS, SPECIALTIES } from './codes.ts';
import { EXTRACT_HEADER } from './extract.ts';
import {
  CITIES,
  FAMILY,
  GIVEN,
  PROFESSION_WEIGHTS,
  SERVICES,
  STREET_TYPES,
  STREETS,
  STRUCTURES,
  SUBDOMAIN,
} from './fictional-data.ts';

/**
 * Realistic fictional data in the format of the official extract, for development, tests
 * and the bench. Deterministic for a given seed; every RPPS is fictional (prefix 19) with
 * a valid Luhn check digit; no address is on a Pli operator domain or the patient domain.
 */

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The fictional RPPS of the i-th generated person: `19` + 8 digits + Luhn digit. */
export function fictionalRpps(index: number): string {
  const base = `19${String(index).padStart(8, '0')}`;
  return base + luhnCheckDigit(base);
}

/** Lower-case ASCII for an address's local part: "Lefèvre" -> "lefevre". */
export function slug(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function weighted(rand: () => number): string {
  const total = PROFESSION_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let r = rand() * total;
  for (const [code, weight] of PROFESSION_WEIGHTS) {
    r -= weight;
    if (r < 0) return code;
  }
  return '10';
}

export interface GeneratorOptions {
  /** Number of data rows (the header is extra). */
  count: number;
  seed?: number;
}

/**
 * The lines of a fictional extract: the header first, then `count` data rows, without line
 * terminators. Addresses are unique.
 *
 * @example
 * const text = [...generateExtract({ count: 1000 })].join('\n');
 */
export function* generateExtract(options: GeneratorOptions): Generator<string> {
  const rand = prng(options.seed ?? 42);
  const specialties = Object.entries(SPECIALTIES);
  yield EXTRACT_HEADER;
  for (let i = 0; i < options.count; i++) {
    const [city, postcode, department] = pick(rand, CITIES);
    const street = [
      String(1 + Math.floor(rand() * 180)),
      rand() < 0.05 ? 'B' : '',
      pick(rand, STREET_TYPES),
      pick(rand, STREETS),
    ];
    const structure = `${pick(rand, STRUCTURES)} ${pick(rand, FAMILY)}`;
    const place = [
      structure,
      '',
      '',
      '',
      ...street,
      '',
      `${postcode} ${city}`,
      postcode,
      department,
      'FRANCE',
    ];
    if (rand() < 0.15) {
      const domain = `${slug(structure)}-${slug(city)}.mssante.fr`;
      const address = `${pick(rand, SERVICES)}.${i.toString(36)}@${domain}`;
      const finess = `${department.padStart(2, '0').slice(0, 2)}0${String(i).padStart(6, '0')}`;
      yield [
        'ORG',
        address,
        '',
        '',
        '',
        '1',
        `1${finess}`,
        'Secrétariat',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'O',
        ...place,
      ].join('|');
      continue;
    }
    const female = rand() < 0.55;
    const given = pick(rand, female ? GIVEN.slice(0, 25) : GIVEN.slice(25));
    const family = pick(rand, FAMILY);
    const profession = weighted(rand);
    const [specialtyCode, specialty] = profession === '10' ? pick(rand, specialties) : ['', ''];
    const rpps = fictionalRpps(i);
    const local = `${slug(given)}.${slug(family)}.${i.toString(36)}`;
    const civility = profession === '10' ? 'DR' : female ? 'MME' : 'M';
    const category = profession === '21' && rand() < 0.3 ? 'E' : 'C';
    yield [
      'PER',
      `${local}@${SUBDOMAIN[profession]}.mssante.fr`,
      '8',
      rpps,
      `8${rpps}`,
      '',
      '',
      '',
      civility,
      family.toUpperCase(),
      given,
      category,
      category === 'C' ? 'Civil' : 'Etudiant',
      profession,
      PROFESSIONS[profession] ?? '',
      specialtyCode,
      specialty,
      'O',
      ...place,
    ].join('|');
  }
}
