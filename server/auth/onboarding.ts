import { balLocalPart, numberedLocalPart, professionSubdomain } from '../../shared/bal-address.ts';
import type { OnboardingComplete } from '../../shared/onboarding.ts';
import type { PscExercice } from '../psc/claims.ts';
import { forgetAccess } from './access-cache.ts';
import type { Person } from './persons.ts';

/** The current CGU: the newest published version. */
export async function currentCgu(db: D1Database) {
  return db
    .prepare('SELECT version, title, body FROM cgu_versions ORDER BY published_at DESC LIMIT 1')
    .first<{ version: string; title: string; body: string }>();
}

/** Names and profession an address is made of: the practice's, else the person's. */
function addressParts(person: Person, exercice: PscExercice) {
  return {
    given: exercice.prenomDexercice || person.givenName,
    family: exercice.nomDexercice || person.familyName,
    subdomain: professionSubdomain(exercice.codeProfession),
  };
}

/** The first free address for a person (collisions numbered: `prenom.nom2`...). */
export async function proposeAddress(
  db: D1Database,
  person: Person,
  exercice: PscExercice,
  domain: string,
): Promise<string> {
  const { given, family, subdomain } = addressParts(person, exercice);
  const base = balLocalPart(given, family);
  for (let n = 1; n < 1000; n += 1) {
    const address = `${numberedLocalPart(base, n)}@${subdomain}.${domain}`;
    const taken = await db.prepare('SELECT 1 FROM bals WHERE address = ?').bind(address).first();
    if (!taken) return address;
  }
  throw new Error('no free address');
}

/**
 * Creates a practitioner's BAL with their onboarding choices, in one batch: the BAL, its
 * directory choices, the CGU acceptance, the mobile, the `bal_created` trace. A concurrent
 * creation of the same address fails the batch (UNIQUE), and the next number is tried.
 */
export async function createOnboardedBal(
  db: D1Database,
  input: {
    person: Person;
    exercice: PscExercice;
    domain: string;
    choices: OnboardingComplete;
  },
  now = Date.now(),
): Promise<{ balId: string; address: string }> {
  const { person, exercice, choices } = input;
  const { given, family } = addressParts(person, exercice);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const address = await proposeAddress(db, person, exercice, input.domain);
    const balId = crypto.randomUUID();
    try {
      await db.batch([
        db
          .prepare(
            'INSERT INTO bals (id, address, holder_id_nat, type, display_name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .bind(balId, address, person.idNat, 'PER', `${given} ${family}`.trim(), now),
        db
          .prepare(
            'INSERT INTO bal_directory_choices (bal_id, liste_rouge, publish_phone, updated_at) VALUES (?, ?, ?, ?)',
          )
          .bind(balId, choices.listeRouge ? 1 : 0, choices.publishPhone ? 1 : 0, now),
        db
          .prepare(
            'INSERT OR IGNORE INTO cgu_acceptances (id_nat, version, accepted_at) VALUES (?, ?, ?)',
          )
          .bind(person.idNat, choices.cguVersion, now),
        db
          .prepare(
            `INSERT INTO person_contacts (id_nat, mobile, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (id_nat) DO UPDATE SET mobile = excluded.mobile, updated_at = excluded.updated_at`,
          )
          .bind(person.idNat, choices.mobile ?? null, now),
        db
          .prepare(
            'INSERT INTO traces (at, actor_id_nat, bal_id, kind, channel, detail) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .bind(
            now,
            person.idNat,
            balId,
            'bal_created',
            'session',
            choices.listeRouge ? 'liste_rouge' : 'published',
          ),
      ]);
      forgetAccess();
      return { balId, address };
    } catch (error) {
      if (!String(error).includes('UNIQUE')) throw error;
    }
  }
  throw new Error('address allocation kept colliding');
}
