import { fold } from '../../shared/text.ts';
import { storePassword } from '../auth/credentials.ts';
import { currentCgu } from '../auth/onboarding.ts';
import { hashPassword } from '../auth/passwords.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { DEMO_IDENTITIES, type DemoIdentity, demoAddress } from './demo-identities.ts';
import type { SeedStep } from './seed.ts';

/** The personal (non-MSSanté) email of a demo identity: where their codes go. */
export function demoPersonalEmail(identity: DemoIdentity): string {
  return `${fold(`${identity.givenName}.${identity.familyName}`)}@example.org`;
}

/** The demo mobile of the first holder (to try the SMS code), none for the others. */
export function demoMobile(identity: DemoIdentity): string | null {
  return identity.idNat === DEMO_IDENTITIES[0]?.idNat ? '0600000001' : null;
}

async function seedIdentity(env: Bindings, identity: DemoIdentity, now: number) {
  const db = env.DB;
  await db
    .prepare(
      `INSERT OR IGNORE INTO persons (id_nat, given_name, family_name, profession_code, specialty_code, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)`,
    )
    .bind(
      identity.idNat,
      identity.givenName,
      identity.familyName,
      identity.professionCode,
      identity.specialtyCode ?? null,
      now,
    )
    .run();
  await db
    .prepare(
      `INSERT OR IGNORE INTO person_contacts (id_nat, external_email, external_email_verified_at, mobile, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?3)`,
    )
    .bind(identity.idNat, demoPersonalEmail(identity), now, demoMobile(identity))
    .run();
  if (identity.password) {
    const existing = await db
      .prepare('SELECT password_hash FROM credentials WHERE id_nat = ?')
      .bind(identity.idNat)
      .first<{ password_hash: string | null }>();
    if (!existing?.password_hash) {
      await storePassword(db, identity.idNat, await hashPassword(identity.password), now);
    }
  }
  const address = demoAddress(identity, config(env).firstOperatorDomain);
  if (!address) return null;
  await db
    .prepare(
      `INSERT OR IGNORE INTO bals (id, address, holder_id_nat, type, display_name, created_at)
       VALUES (?, ?, ?, 'PER', ?, ?)`,
    )
    .bind(
      crypto.randomUUID(),
      address,
      identity.idNat,
      `${identity.givenName} ${identity.familyName}`,
      now,
    )
    .run();
  const bal = await db
    .prepare('SELECT id FROM bals WHERE address = ?')
    .bind(address)
    .first<{ id: string }>();
  if (!bal) return null;
  await db
    .prepare(
      'INSERT OR IGNORE INTO bal_directory_choices (bal_id, liste_rouge, publish_phone, updated_at) VALUES (?, 0, 0, ?)',
    )
    .bind(bal.id, now)
    .run();
  return bal.id;
}

/**
 * The demo accounts: every demo identity as a person with a verified personal email and
 * their password; the holders' BALs; Dr Sophie Garnier as the delegate of Dr Claire
 * Martin's BAL; the current CGU accepted. Idempotent: a second run changes nothing (a
 * password changed since is kept).
 */
export const demoAccountsStep: SeedStep = {
  name: 'demo-accounts',
  async run(env) {
    const now = Date.now();
    const cgu = await currentCgu(env.DB);
    const balIds = new Map<string, string>();
    for (const identity of DEMO_IDENTITIES) {
      const balId = await seedIdentity(env, identity, now);
      if (balId) balIds.set(identity.idNat, balId);
      if (cgu) {
        await env.DB.prepare(
          'INSERT OR IGNORE INTO cgu_acceptances (id_nat, version, accepted_at) VALUES (?, ?, ?)',
        )
          .bind(identity.idNat, cgu.version, now)
          .run();
      }
    }
    const [claire] = DEMO_IDENTITIES;
    const sophie = DEMO_IDENTITIES.find((identity) => identity.givenName === 'Sophie');
    const claireBal = claire ? balIds.get(claire.idNat) : undefined;
    if (claire && sophie && claireBal) {
      await env.DB.prepare(
        `INSERT INTO delegations (id, bal_id, delegate_id_nat, created_by_id_nat, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (
           SELECT 1 FROM delegations WHERE bal_id = ?2 AND delegate_id_nat = ?3 AND revoked_at IS NULL)`,
      )
        .bind(crypto.randomUUID(), claireBal, sophie.idNat, claire.idNat, now)
        .run();
    }
  },
};
