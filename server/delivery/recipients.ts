import { parseAddress } from '../../shared/mssante/address.ts';
import { isValidInsMatricule } from '../../shared/mssante/ins.ts';
import { isOperatorDomain, isPatientDomain } from '../../shared/mssante/trust-space.ts';
import { config } from '../config.ts';
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

/**
 * A recipient on one of Pli's operator domains: a live BAL (with its quota, read in the
 * same look-up), or nobody (`balId` null).
 */
export type LocalRecipient =
  | { address: string; balId: string; quotaBytes: number }
  | { address: string; balId: null };

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
  const operatorDomains = config(env).operatorDomains;
  type Entry =
    | { kind: 'refused'; address: string; reason: RecipientRefusalReason }
    | { kind: 'local' | 'remote' | 'listed'; address: string; domain: string };
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const raw of addresses) {
    const parsed = parseAddress(raw);
    if (!parsed) {
      entries.push({ kind: 'refused', address: raw, reason: 'invalid_address' });
      continue;
    }
    if (seen.has(parsed.address)) continue;
    seen.add(parsed.address);
    const { address, domain } = parsed;
    if (isOperatorDomain(domain, operatorDomains)) entries.push({ kind: 'local', address, domain });
    else if (!isPatientDomain(domain)) entries.push({ kind: 'listed', address, domain });
    else if (isValidInsMatricule(parsed.local)) entries.push({ kind: 'remote', address, domain });
    else entries.push({ kind: 'refused', address, reason: 'invalid_patient_address' });
  }

  const listed = await whitelistedDomains(
    env.DB,
    entries.flatMap((e) => (e.kind === 'listed' ? [e.domain] : [])),
  );
  const refused: RefusedRecipient[] = [];
  const local: string[] = [];
  const remote: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'refused') refused.push({ address: entry.address, reason: entry.reason });
    else if (entry.kind === 'local') local.push(entry.address);
    else if (entry.kind === 'remote' || listed.has(entry.domain)) remote.push(entry.address);
    else refused.push({ address: entry.address, reason: 'outside_trust_space' });
  }
  if (refused.length > 0) return { ok: false, refused };

  const resolved = await Promise.all(
    local.map(async (address): Promise<LocalRecipient> => {
      const bal = await balByAddress(env.DB, address);
      return bal
        ? { address, balId: bal.id, quotaBytes: bal.quotaBytes }
        : { address, balId: null };
    }),
  );
  return { ok: true, local: resolved, remote };
}
