import { isSameOrSubdomain } from './address.ts';

/** The domain of patients' Mon espace santé mailboxes. */
export const PATIENT_DOMAIN = 'patient.mssante.fr';

/** The national MSSanté domain: every operator of the trust space lives below it. */
export const MSSANTE_DOMAIN = 'mssante.fr';

/**
 * The operator domains of a comma-separated configuration value, lower case, without
 * blanks.
 *
 * @example
 * parseOperatorDomains(' pli.mssante.fr, Autre.mssante.fr ,'); // ['pli.mssante.fr', 'autre.mssante.fr']
 */
export function parseOperatorDomains(csv: string): string[] {
  return csv
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d.length > 0);
}

/**
 * Whether a domain belongs to this operator: one of its domains or a subdomain of one
 * (addresses live on per-profession subdomains such as `medecin.pli.mssante.fr`).
 *
 * @example
 * isOperatorDomain('medecin.pli.mssante.fr', ['pli.mssante.fr']); // true
 * isOperatorDomain('medecin.mssante.fr', ['pli.mssante.fr']); // false
 */
export function isOperatorDomain(domain: string, operatorDomains: readonly string[]): boolean {
  return operatorDomains.some((parent) => isSameOrSubdomain(domain, parent));
}

/**
 * Whether a domain is the patient domain (Mon espace santé).
 *
 * @example
 * isPatientDomain('Patient.MSSante.fr'); // true
 */
export function isPatientDomain(domain: string): boolean {
  return domain.toLowerCase().replace(/\.$/, '') === PATIENT_DOMAIN;
}
