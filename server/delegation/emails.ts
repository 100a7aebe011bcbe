import { externalContact } from '../account/contact.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { sendExternalEmail } from '../outside/send.ts';

export type DelegationEvent = 'created' | 'revoked' | 'end_requested';

interface Parties {
  balId: string;
  balAddress: string;
  holderIdNat: string;
  holderName: string;
  delegateIdNat: string;
  delegateName: string;
}

const SUBJECTS: Record<DelegationEvent, string> = {
  created: 'Nouvelle délégation sur une messagerie sécurisée de santé',
  revoked: 'Fin d’une délégation sur une messagerie sécurisée de santé',
  end_requested: 'Un délégataire demande la fin de son accès',
};

function sentence(event: DelegationEvent, p: Parties): string {
  switch (event) {
    case 'created':
      return `${p.holderName} a donné à ${p.delegateName} un accès en délégation à la boîte aux lettres ${p.balAddress}.`;
    case 'revoked':
      return `La délégation de ${p.delegateName} sur la boîte aux lettres ${p.balAddress} a pris fin.`;
    case 'end_requested':
      return `${p.delegateName} demande la fin de son accès en délégation à votre boîte aux lettres ${p.balAddress}. Vous pouvez la supprimer depuis la page « Délégation » de vos paramètres.`;
  }
}

async function holderName(db: D1Database, idNat: string): Promise<string> {
  const row = await db
    .prepare('SELECT given_name, family_name FROM persons WHERE id_nat = ?')
    .bind(idNat)
    .first<{ given_name: string; family_name: string }>();
  return row ? `${row.given_name} ${row.family_name}`.trim() : 'Le titulaire';
}

/**
 * Tells the people concerned by a delegation event at their verified external address: on
 * creation and removal the delegate, the holder and the BAL's other delegates; for a
 * delegate's request to end their access, the holder only. No health content, ever.
 */
export async function sendDelegationEmails(
  env: Bindings,
  event: DelegationEvent,
  parties: Omit<Parties, 'holderName'>,
): Promise<void> {
  const p: Parties = { ...parties, holderName: await holderName(env.DB, parties.holderIdNat) };
  let recipients = [p.holderIdNat];
  if (event !== 'end_requested') {
    const { results } = await env.DB.prepare(
      'SELECT delegate_id_nat FROM delegations WHERE bal_id = ? AND revoked_at IS NULL',
    )
      .bind(p.balId)
      .all<{ delegate_id_nat: string }>();
    recipients = [p.delegateIdNat, p.holderIdNat, ...results.map((r) => r.delegate_id_nat)];
  }
  const text = [
    'Bonjour,',
    '',
    sentence(event, p),
    '',
    `Votre messagerie sécurisée de santé : ${config(env).publicUrl}/`,
    '',
    'Si vous n’êtes pas à l’origine de cette action et pensez qu’elle est une erreur, contactez le support.',
  ].join('\n');
  const sent = new Set<string>();
  for (const idNat of new Set(recipients)) {
    const { email } = await externalContact(env.DB, idNat);
    if (!email || sent.has(email.toLowerCase())) continue;
    sent.add(email.toLowerCase());
    await sendExternalEmail(env, { to: email, subject: SUBJECTS[event], text });
  }
}
