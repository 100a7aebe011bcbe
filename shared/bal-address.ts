/**
 * How Pli allocates a personal BAL address: `prenom.nom@<profession subdomain>.<operator
 * domain>`, accents and spaces normalised, collisions numbered (`prenom.nom2`, ...).
 *
 * @example
 * balLocalPart('Élodie', 'Le Gall'); // 'elodie.le-gall'
 * professionSubdomain('60'); // 'infirmier'
 * numberedLocalPart('claire.martin', 2); // 'claire.martin2'
 */

import { domainOf } from './mssante/address.ts';
import { isOperatorDomain, MSSANTE_DOMAIN } from './mssante/trust-space.ts';
import { stripAccents } from './text.ts';

/** TRE_G15 profession code to the subdomain of its personal addresses. */
export const PROFESSION_SUBDOMAINS: Record<string, string> = {
  '10': 'medecin',
  '21': 'pharmacien',
  '26': 'audioprothesiste',
  '28': 'opticien-lunetier',
  '40': 'chirurgien-dentiste',
  '50': 'sage-femme',
  '60': 'infirmier',
  '69': 'infirmier',
  '70': 'masseur-kinesitherapeute',
  '80': 'pedicure-podologue',
  '81': 'orthoprothesiste',
  '91': 'orthophoniste',
  '92': 'orthoptiste',
  '94': 'ergotherapeute',
  '95': 'dieteticien',
  '96': 'psychomotricien',
};

/** The subdomain for a profession; `professionnel` for a code without its own. */
export function professionSubdomain(professionCode: string | null | undefined): string {
  return PROFESSION_SUBDOMAINS[professionCode ?? ''] ?? 'professionnel';
}

/** One name part: no accents, lower case, spaces and apostrophes as hyphens, only [a-z0-9-]. */
export function normaliseNamePart(name: string): string {
  return stripAccents(name)
    .replace(/æ/gi, 'ae')
    .replace(/œ/gi, 'oe')
    .toLowerCase()
    .replace(/[\s'’_.]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `prenom.nom`, from a given name and a family name. */
export function balLocalPart(givenName: string, familyName: string): string {
  const given = normaliseNamePart(givenName) || 'praticien';
  const family = normaliseNamePart(familyName) || 'sante';
  return `${given}.${family}`.slice(0, 64);
}

/** The n-th candidate for a local part: the base itself, then `base2`, `base3`... */
export function numberedLocalPart(base: string, n: number): string {
  return n <= 1 ? base : `${base}${n}`;
}

/** True for an address inside the MSSanté space (refused as a personal, outside address). */
export function isMssanteAddress(email: string, operatorDomains: readonly string[] = []): boolean {
  const domain = domainOf(email);
  return domain !== null && isOperatorDomain(domain, [...operatorDomains, MSSANTE_DOMAIN]);
}
