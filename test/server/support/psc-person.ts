import { env } from 'cloudflare:workers';
import { upsertPscPerson } from '../../../server/auth/persons.ts';
import type { PscExercice } from '../../../server/psc/claims.ts';

let counter = 0;

/** A person as a PSC login records them, with one practice unless `practice: false`. */
export async function makePscPerson(
  input: {
    givenName?: string;
    familyName?: string;
    professionCode?: string;
    practice?: boolean;
  } = {},
) {
  counter += 1;
  const idNat = `8109${String(counter).padStart(8, '0')}`;
  const givenName = input.givenName ?? 'Camille';
  const familyName = input.familyName ?? 'Dubois';
  const exercices: PscExercice[] =
    input.practice === false
      ? []
      : [
          {
            codeProfession: input.professionCode ?? '10',
            codeCategorieProfessionnelle: 'C',
            codeCiviliteDexercice: 'DR',
            nomDexercice: familyName.toUpperCase(),
            prenomDexercice: givenName,
            codeTypeSavoirFaire: 'S',
            codeSavoirFaire: 'SM26',
            activities: [],
          },
        ];
  await upsertPscPerson(env.DB, { idNat, givenName, familyName, exercices });
  return { idNat, givenName, familyName };
}
