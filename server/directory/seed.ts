import { professionLabel, specialtyLabel } from '../../shared/directory/codes.ts';
import { EXTRACT_HEADER } from '../../shared/directory/extract.ts';
import { generateExtract } from '../../shared/directory/generator.ts';
import { fold } from '../../shared/text.ts';
import { config } from '../config.ts';
import { DEMO_IDENTITIES } from '../dev/demo-identities.ts';
import type { SeedStep } from '../dev/seed.ts';
import { importExtract } from './importer.ts';
import { syncPliBals } from './pli-bals.ts';

/** Rows of fictional professionals in the demo directory. */
export const DEMO_DIRECTORY_ROWS = 3000;

/** Demo people without a Pli BAL appear with an address at another operator (Mailiz). */
function demoLines(): string[] {
  return DEMO_IDENTITIES.filter((identity) => !identity.bal).map((p) => {
    const rpps = p.idNat.slice(1);
    const local = fold(`${p.givenName}.${p.familyName}`);
    return [
      'PER',
      `${local}@medecin.mssante.fr`,
      '8',
      rpps,
      p.idNat,
      '',
      '',
      '',
      p.civility,
      p.familyName.toUpperCase(),
      p.givenName,
      'C',
      'Civil',
      p.professionCode,
      professionLabel(p.professionCode) ?? '',
      p.specialtyCode ?? '',
      specialtyLabel(p.specialtyCode) ?? '',
      'O',
      'Cabinet médical',
      '',
      '',
      '',
      '12',
      '',
      'R',
      'DE LA RÉPUBLIQUE',
      '',
      `${p.postcode} ${p.city.toUpperCase()}`,
      p.postcode,
      p.postcode.slice(0, 2),
      'FRANCE',
    ].join('|');
  });
}

/**
 * The demo directory: a few thousand fictional professionals, the demo people, and Pli's
 * own demo BALs. Idempotent: the same extract imported again changes nothing.
 */
export const directorySeedStep: SeedStep = {
  name: 'directory',
  async run(env) {
    const lines = [...generateExtract({ count: DEMO_DIRECTORY_ROWS, seed: 2026 })].slice(1);
    const text = [EXTRACT_HEADER, ...lines, ...demoLines()].join('\n');
    const body = new Blob([text]).stream();
    await importExtract(env.DB, body, {
      operatorDomains: config(env).operatorDomains,
      allowMassRemoval: true,
    });
    await syncPliBals(env.DB);
  },
};
