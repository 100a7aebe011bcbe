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

/** One CSV record: its fields and the 1-based line of the file it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads CSV records, honouring double quotes: `""` is a quote, and a separator or a line
 * break inside quotes belongs to the field (RFC 4180). Fields are trimmed.
 *
 * @example
 * readCsvRecords('a;"b\nc"\nd;e', ';');
 * // [{ line: 1, fields: ['a', 'b\nc'] }, { line: 3, fields: ['d', 'e'] }]
 */
export function readCsvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field.trim());
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else if (ch === '\r' && text[i + 1] === '\n') continue;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      fields.push(field.trim());
      field = '';
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
      if (ch === '\r') line++;
      endRecord();
      recordLine = line;
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MOBILE = /^(\+33|0)[67]\d{8}$/;

/** Reads the file; rows with a problem are reported by line, the others returned. */
export function parseMedicoSocialCsv(text: string): {
  accounts: MedicoSocialAccount[];
  errors: CsvError[];
} {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const separator = firstLine.includes(';') ? ';' : ',';
  const [header, ...rows] = readCsvRecords(body, separator);
  const columns = (header?.fields ?? []).map((c) => c.toLowerCase());
  const at = (name: string) => columns.indexOf(name.toLowerCase());
  const accounts: MedicoSocialAccount[] = [];
  const errors: CsvError[] = [];
  const seen = new Set<string>();
  for (const { line, fields: f } of rows) {
    if (f.every((value) => value === '')) continue;
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
  }
  return { accounts, errors };
}
