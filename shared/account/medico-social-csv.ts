/**
 * The CSV a registration authority sends to create medico-social accounts: UTF-8, a header
 * row, `;` or `,` separated, fields optionally in double quotes. Columns (any order):
 * `idNat`, `civilite`, `nom`, `prenom`, `email`, `mobile` (optional), `profession`
 * (optional TRE_G15 code).
 *
 * @example
 * parseMedicoSocialCsv('idNat;nom;prenom;email\n0123456789;Durand;Anne;anne@example.org');
 * // { accounts: [{ idNat: '0123456789', familyName: 'Durand', ... }], errors: [] }
 */
export interface MedicoSocialAccount {
  idNat: string;
  civility: string | null;
  familyName: string;
  givenName: string;
  email: string;
  mobile: string | null;
  professionCode: string | null;
}

export interface CsvError {
  /** 1-based line number in the file. */
  line: number;
  reason: 'missing_field' | 'invalid_id' | 'invalid_email' | 'invalid_mobile' | 'duplicate';
}

/** Splits one CSV line on a separator, honouring double quotes (`""` is a quote). */
export function splitCsvLine(line: string, separator: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      out.push(field.trim());
      field = '';
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MOBILE = /^(\+33|0)[67]\d{8}$/;

/** Reads the file; rows with a problem are reported by line, the others returned. */
export function parseMedicoSocialCsv(text: string): {
  accounts: MedicoSocialAccount[];
  errors: CsvError[];
} {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  const separator = header.includes(';') ? ';' : ',';
  const columns = splitCsvLine(header, separator).map((c) => c.toLowerCase());
  const at = (name: string) => columns.indexOf(name.toLowerCase());
  const accounts: MedicoSocialAccount[] = [];
  const errors: CsvError[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 2;
    const f = splitCsvLine(raw, separator);
    const get = (name: string) => (at(name) >= 0 ? (f[at(name)] ?? '') : '');
    const account: MedicoSocialAccount = {
      idNat: get('idNat'),
      civility: get('civilite') || null,
      familyName: get('nom'),
      givenName: get('prenom'),
      email: get('email').toLowerCase(),
      mobile: get('mobile').replace(/[\s.]/g, '') || null,
      professionCode: get('profession') || null,
    };
    if (!account.idNat || !account.familyName || !account.givenName || !account.email) {
      errors.push({ line, reason: 'missing_field' });
    } else if (!/^[0-9A-Za-z]{6,20}$/.test(account.idNat))
      errors.push({ line, reason: 'invalid_id' });
    else if (!EMAIL.test(account.email)) errors.push({ line, reason: 'invalid_email' });
    else if (account.mobile && !MOBILE.test(account.mobile))
      errors.push({ line, reason: 'invalid_mobile' });
    else if (seen.has(account.idNat)) errors.push({ line, reason: 'duplicate' });
    else {
      seen.add(account.idNat);
      accounts.push(account);
    }
  });
  return { accounts, errors };
}
