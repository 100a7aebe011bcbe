import type { MedicoSocialAccount } from '../../shared/account/medico-social-csv.ts';
import { balLocalPart, numberedLocalPart, professionSubdomain } from '../../shared/bal-address.ts';
import { storePassword } from '../auth/credentials.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newSecret } from '../auth/secrets.ts';
import { config } from '../config.ts';
import { publishPliBal } from '../directory/pli-bals.ts';
import type { Bindings } from '../env.ts';
import { sendExternalEmail } from '../outside/send.ts';
import { recordTrace } from '../storage/traces.ts';

export interface ImportedAccount {
  idNat: string;
  address: string;
}

async function freeAddress(db: D1Database, account: MedicoSocialAccount, domain: string) {
  const base = balLocalPart(account.givenName, account.familyName);
  const subdomain = professionSubdomain(account.professionCode);
  for (let n = 1; n < 1000; n++) {
    const address = `${numberedLocalPart(base, n)}@${subdomain}.${domain}`;
    if (!(await db.prepare('SELECT 1 FROM bals WHERE address = ?').bind(address).first()))
      return address;
  }
  throw new Error('no free address');
}

/**
 * Creates one medico-social account from a registration authority's data: the person
 * (kind `medico_social`), their contacts (the email as given by the authority), a BAL
 * published in the directory, and an initial password sent to that email (the login
 * still needs a one-time code sent there). Null when the idNat is already known.
 */
export async function createMedicoSocialAccount(
  env: Bindings,
  account: MedicoSocialAccount,
  operatorIdNat: string,
  now = Date.now(),
): Promise<ImportedAccount | null> {
  const known = await env.DB.prepare('SELECT 1 FROM persons WHERE id_nat = ?')
    .bind(account.idNat)
    .first();
  if (known) return null;
  const address = await freeAddress(env.DB, account, config(env).firstOperatorDomain);
  const balId = crypto.randomUUID();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO persons (id_nat, given_name, family_name, profession_code, kind, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, 'medico_social', ?5, ?5)`,
    ).bind(account.idNat, account.givenName, account.familyName, account.professionCode, now),
    env.DB.prepare(
      `INSERT INTO person_contacts (id_nat, external_email, external_email_verified_at, mobile, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?3)`,
    ).bind(account.idNat, account.email, now, account.mobile),
    env.DB.prepare(
      'INSERT INTO bals (id, address, holder_id_nat, type, display_name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).bind(balId, address, account.idNat, 'PER', `${account.givenName} ${account.familyName}`, now),
    env.DB.prepare(
      'INSERT INTO bal_directory_choices (bal_id, liste_rouge, publish_phone, updated_at) VALUES (?, 0, 0, ?)',
    ).bind(balId, now),
  ]);
  const password = newSecret().slice(0, 20);
  await storePassword(env.DB, account.idNat, await hashPassword(password), now);
  await publishPliBal(env.DB, balId, now);
  await recordTrace(env.DB, {
    kind: 'bal_created',
    actorIdNat: operatorIdNat,
    balId,
    channel: 'operator',
    detail: 'medico_social_import',
    at: now,
  });
  await sendExternalEmail(env, {
    to: account.email,
    subject: 'Votre messagerie sécurisée de santé Pli est ouverte',
    text: [
      'Bonjour,',
      '',
      `Votre autorité d’enregistrement a demandé l’ouverture de votre boîte aux lettres sécurisée : ${address}`,
      `Mot de passe provisoire : ${password}`,
      'À la connexion, un code à usage unique vous sera envoyé à cette adresse. Changez ensuite votre mot de passe dans les paramètres, et acceptez les conditions générales d’utilisation.',
      '',
      `${config(env).publicUrl}/`,
    ].join('\n'),
  });
  return { idNat: account.idNat, address };
}
