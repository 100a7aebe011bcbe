/**
 * Email addresses of the MSSanté trust space: parsing and normalisation. Addresses compare
 * case-insensitively; the normal form is lower case, without angle brackets or spaces.
 */

/** An address split into its local part and its domain (both lower case). */
export interface ParsedAddress {
  local: string;
  domain: string;
  /** `local@domain`, lower case. */
  address: string;
}

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Parses an addr-spec (optionally in angle brackets, or a `Name <addr>` mailbox) into its
 * parts, or null when it is not a plain dot-atom address with a dotted domain.
 *
 * @example
 * parseAddress(' <Claire.Martin@Medecin.Pli.MSSante.fr> ');
 * // { local: 'claire.martin', domain: 'medecin.pli.mssante.fr', address: 'claire.martin@medecin.pli.mssante.fr' }
 * parseAddress('Dr Martin <claire.martin@medecin.mssante.fr>')?.domain; // 'medecin.mssante.fr'
 * parseAddress('no-at-sign'); // null
 */
export function parseAddress(raw: string): ParsedAddress | null {
  let value = raw.trim();
  const bracket = /<([^<>]*)>\s*$/.exec(value);
  if (bracket) value = (bracket[1] ?? '').trim();
  value = value.toLowerCase();
  if (value.length > 254) return null;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return null;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).replace(/\.$/, '');
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  return { local, domain, address: `${local}@${domain}` };
}

/**
 * The normal form of an address (lower case, no brackets), or null when it is invalid.
 *
 * @example
 * normaliseAddress('<Karim.Benali@medecin.pli.mssante.fr>'); // 'karim.benali@medecin.pli.mssante.fr'
 */
export function normaliseAddress(raw: string): string | null {
  return parseAddress(raw)?.address ?? null;
}

/**
 * The domain of an address, lower case, or null when the address is invalid.
 *
 * @example
 * domainOf('a.b@Infirmier.MSSante.fr'); // 'infirmier.mssante.fr'
 */
export function domainOf(raw: string): string | null {
  return parseAddress(raw)?.domain ?? null;
}

/**
 * Whether `domain` is `parent` or one of its subdomains (both compared lower case).
 *
 * @example
 * isSameOrSubdomain('medecin.pli.mssante.fr', 'pli.mssante.fr'); // true
 * isSameOrSubdomain('evilpli.mssante.fr', 'pli.mssante.fr'); // false
 */
export function isSameOrSubdomain(domain: string, parent: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const p = parent.toLowerCase().replace(/\.$/, '');
  return p.length > 0 && (d === p || d.endsWith(`.${p}`));
}
