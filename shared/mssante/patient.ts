import { parseAddress } from './address.ts';
import { isValidInsMatricule } from './ins.ts';
import { isPatientDomain } from './trust-space.ts';

/**
 * Whether an address is a valid patient address: `<INS matricule>@patient.mssante.fr`
 * with a correct key.
 *
 * @example
 * isPatientAddress('184077512345657@patient.mssante.fr'); // true
 * isPatientAddress('184077512345658@patient.mssante.fr'); // false: wrong key
 * isPatientAddress('jean.dupont@patient.mssante.fr'); // false
 */
export function isPatientAddress(raw: string): boolean {
  const parsed = parseAddress(raw);
  return parsed !== null && isPatientDomain(parsed.domain) && isValidInsMatricule(parsed.local);
}

/**
 * Whether an address is on the patient domain, valid or not (a patient sender).
 *
 * @example
 * isOnPatientDomain('<x@Patient.mssante.fr>'); // true
 */
export function isOnPatientDomain(raw: string): boolean {
  const parsed = parseAddress(raw);
  return parsed !== null && isPatientDomain(parsed.domain);
}
