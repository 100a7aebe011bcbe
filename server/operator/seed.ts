import { hashPassword } from '../auth/passwords.ts';
import type { SeedStep } from '../dev/seed.ts';

/**
 * The demo operator of `npm start`: a member of the service's staff (no BAL) who reaches the
 * operator console after the password + one-time code login with their personal email.
 */
export const DEMO_OPERATOR = {
  idNat: '099900000001',
  givenName: 'Odile',
  familyName: 'Exploitation',
  email: 'odile.exploitation@example.org',
  password: 'Pli-demo-Operateur-2026',
} as const;

/** Creates the demo operator; idempotent. */
export const operatorSeedStep: SeedStep = {
  name: 'demo-operator',
  async run(env) {
    const now = Date.now();
    const o = DEMO_OPERATOR;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT OR IGNORE INTO persons (id_nat, given_name, family_name, kind, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'operator', ?4, ?4)`,
      ).bind(o.idNat, o.givenName, o.familyName, now),
      env.DB.prepare(
        `INSERT OR IGNORE INTO person_contacts (id_nat, external_email, external_email_verified_at, updated_at)
         VALUES (?1, ?2, ?3, ?3)`,
      ).bind(o.idNat, o.email, now),
    ]);
    const existing = await env.DB.prepare('SELECT password_hash FROM credentials WHERE id_nat = ?')
      .bind(o.idNat)
      .first<{ password_hash: string | null }>();
    if (existing?.password_hash) return;
    const hash = await hashPassword(o.password);
    await env.DB.prepare(
      `INSERT INTO credentials (id_nat, password_hash, password_salt, password_iterations, password_set_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (id_nat) DO UPDATE SET password_hash = excluded.password_hash,
         password_salt = excluded.password_salt, password_iterations = excluded.password_iterations,
         password_set_at = excluded.password_set_at`,
    )
      .bind(o.idNat, hash.hash, hash.salt, hash.iterations, now)
      .run();
  },
};
