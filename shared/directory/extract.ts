import { isOnPatientDomain } from '../mssante/patient.ts';

/**
 * The official daily extract of MSSanté addresses (`Extraction_Correspondance_MSSante`):
 * UTF-8, `|`-separated, one header row, 31 columns.
 */
export const EXTRACT_COLUMNS = [
  'Type de BAL',
  'Adresse BAL',
  'Type Identifiant PP',
  'Identifiant PP',
  'Identification nationale PP',
  'Type identifiant structure',
  'Identification Structure',
  'Service de rattachement',
  "Civilité d'exercice",
  "Nom d'exercice",
  "Prénom d'exercice",
  'Catégorie profession',
  'Libellé de catégorie profession',
  'Code Profession',
  'Libellé Profession',
  'Code savoir-faire',
  'Libellé savoir-faire',
  'Dématérialisation',
  'Raison Sociale structure BAL',
  'Enseigne commerciale structure BAL',
  'L2COMPLEMENTLOCALISATION structure BAL',
  'L3COMPLEMENTDISTRIBUTION structure BAL',
  'L4NUMEROVOIE structure BAL',
  'L4COMPLEMENTNUMEROVOIE structure BAL',
  'NL4TYPEVOIE structure BAL',
  'L4LIBELLEVOIE structure BAL',
  'L5LIEUDITMENTION structure BAL',
  'L6LIGNEACHEMINEMENT structure BAL',
  'Code postal structure BAL',
  'Département structure BAL',
  'Pays structure BAL',
] as const;

/** The header line of the extract. */
export const EXTRACT_HEADER = EXTRACT_COLUMNS.join('|');

/** One directory entry as read from a line of the extract. */
export interface ExtractEntry {
  balType: string;
  address: string;
  idNat: string | null;
  rpps: string | null;
  civility: string | null;
  familyName: string | null;
  givenName: string | null;
  /** The person's name (PER) or the organisation's (ORG). */
  name: string;
  organisation: string | null;
  professionCode: string | null;
  profession: string | null;
  specialtyCode: string | null;
  specialty: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  department: string | null;
}

const clean = (value: string | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/** True when a line is the extract's header (a BOM before it is allowed). */
export function isExtractHeader(line: string): boolean {
  const fields = line.replace(/^\uFEFF/, '').split('|');
  return fields.length === EXTRACT_COLUMNS.length && fields[0]?.trim() === EXTRACT_COLUMNS[0];
}

/** `L6LIGNEACHEMINEMENT` is "69003 LYON": the city is what follows the postcode. */
function cityOf(line6: string | null, postcode: string | null): string | null {
  if (!line6) return null;
  const city = postcode && line6.startsWith(postcode) ? line6.slice(postcode.length) : line6;
  return clean(city.replace(/^\s*\d{5}\s*/, ''));
}

/**
 * Reads one data line of the extract; null when it is malformed (not 31 fields, no valid
 * address) or a patient address, which never enters the directory.
 *
 * @example
 * parseExtractLine('PER|claire.martin@medecin.mssante.fr|8|10100010015|810100010015|…');
 */
export function parseExtractLine(line: string): ExtractEntry | null {
  const f = line.split('|');
  if (f.length !== EXTRACT_COLUMNS.length) return null;
  const address = clean(f[1])?.toLowerCase() ?? null;
  if (!address || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) || isOnPatientDomain(address)) {
    return null;
  }
  const familyName = clean(f[9]);
  const givenName = clean(f[10]);
  const organisation = clean(f[18]) ?? clean(f[19]);
  const person = [givenName, familyName].filter(Boolean).join(' ');
  const street = [f[22], f[23], f[24], f[25]]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  const postcode = clean(f[28]);
  return {
    balType: clean(f[0]) ?? 'PER',
    address,
    idNat: clean(f[4]),
    rpps: clean(f[2]) === '8' ? clean(f[3]) : null,
    civility: clean(f[8]),
    familyName,
    givenName,
    name: person || organisation || address,
    organisation,
    professionCode: clean(f[13]),
    profession: clean(f[14]),
    specialtyCode: clean(f[15]),
    specialty: clean(f[16]),
    street: clean(street),
    postcode,
    city: cityOf(clean(f[27]), postcode),
    department: clean(f[29]),
  };
}
