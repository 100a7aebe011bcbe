import { parseAddress } from '../../shared/mssante/address.ts';
import { isValidInsMatricule } from '../../shared/mssante/ins.ts';
import {
  isOperatorDomain,
  isPatientDomain,
  parseOperatorDomains,
} from '../../shared/mssante/trust-space.ts';
import type { Bindings } from '../env.ts';
import { balByAddress } from '../storage/bals.ts';
import { whitelistedDomains } from '../whitelist/store.ts';

/** Why an address is refused before anything leaves. */
export type RecipientRefusalReason =
  | 'invalid_address'
  | 'invalid_patient_address'
  | 'outside_trust_space';

export interface RefusedRecipient {
  address: string;
  reason: RecipientRefusalReason;
}

/** A recipient on one of Pli's operator domains: a live BAL, or nobody (`balId` null). */
export interface LocalRecipient {
  address: string;
  balId: string | null;
}

export type RecipientCheck =
  | { ok: true; local: LocalRecipient[]; remote: string[] }
  | { ok: false; refused: RefusedRecipient[] };

/**
 * Checks every recipient against the trust space: Pli's operator domains (and their
 * subdomains), the whitelist, or a valid patient address (INS key checked). One bad
 * address refuses the whole sending, naming every bad address. Duplicates count once.
 *
 * @example
 * const check = await checkRecipients(env, ['karim.benali@medecin.pli.mssante.fr']);
 * if (!check.ok) return { ok: false, refused: check.refused };
 */
export async function checkRecipients(
  env: Bindings,
  addresses: readonly string[],
): Promise<RecipientCheck> {
  const operatorDomains = parseOperatorDomains(env.OPERATOR_DOMAINS);
  const refused: RefusedRecipient[] = [];
  const local: string[] = [];
  const others: { address: string; domain: string }[] = [];
  const remote: string[] = [];
  const seen = new Set<string>();

  for (const raw of addresses) {
    const parsed = parseAddress(raw);
    if (!parsed) {
      refused.push({ address: raw, reason: 'invalid_address' });
      continue;
    }
    if (seen.has(parsed.address)) continue;
    seen.add(parsed.address);
    if (isOperatorDomain(parsed.domain, operatorDomains)) local.push(parsed.address);
    else if (isPatientDomain(parsed.domain)) {
      if (isValidInsMatricule(parsed.local)) remote.push(parsed.address);
      else refused.push({ address: parsed.address, reason: 'invalid_patient_address' });
    } else others.push({ address: parsed.address, domain: parsed.domain });
  }

  const listed = await whitelistedDomains(
    env.DB,
    others.map((o) => o.domain),
  );
  for (const other of others) {
    if (listed.has(other.domain)) remote.push(other.address);
    else refused.push({ address: other.address, reason: 'outside_trust_space' });
  }
  if (refused.length > 0) return { ok: false, refused };

  const resolved = await Promise.all(
    local.map(async (address) => ({
      address,
      balId: (await balByAddress(env.DB, address))?.id ?? null,
    })),
  );
  return { ok: true, local: resolved, remote };
}
