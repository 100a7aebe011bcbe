/**
 * Labels of the nomenclatures the directory shows: professions (TRE_G15) and a selection
 * of specialties (TRE_R38, "savoir-faire"), as the Annuaire Santé spells them.
 *
 * @example
 * PROFESSIONS['10']; // 'Médecin'
 */
export const PROFESSIONS: Readonly<Record<string, string>> = {
  '10': 'Médecin',
  '21': 'Pharmacien',
  '40': 'Chirurgien-Dentiste',
  '50': 'Sage-Femme',
  '60': 'Infirmier',
  '70': 'Masseur-Kinésithérapeute',
  '80': 'Pédicure-Podologue',
  '91': 'Orthophoniste',
  '92': 'Orthoptiste',
  '94': 'Ergothérapeute',
  '95': 'Diététicien',
  '96': 'Psychomotricien',
};

/** A selection of TRE_R38 specialties (doctors' qualifications). */
export const SPECIALTIES: Readonly<Record<string, string>> = {
  SM02: 'Anesthésie-réanimation',
  SM03: 'Biologie médicale',
  SM04: 'Cardiologie et maladies vasculaires',
  SM05: 'Chirurgie générale',
  SM15: 'Dermatologie et vénéréologie',
  SM16: 'Endocrinologie et métabolisme',
  SM19: 'Gastro-entérologie et hépatologie',
  SM20: 'Génétique médicale',
  SM21: 'Gériatrie',
  SM22: 'Gynécologie médicale',
  SM23: 'Gynécologie-obstétrique',
  SM24: 'Hématologie',
  SM26: 'Qualifié en Médecine générale',
  SM28: 'Médecine interne',
  SM30: 'Médecine physique et réadaptation',
  SM32: 'Néphrologie',
  SM33: 'Neurochirurgie',
  SM34: 'Neurologie',
  SM37: 'Oncologie médicale',
  SM38: 'Ophtalmologie',
  SM39: 'Oto-rhino-laryngologie',
  SM40: 'Pédiatrie',
  SM41: 'Pneumologie',
  SM42: 'Psychiatrie',
  SM44: 'Radio-diagnostic',
  SM47: 'Rhumatologie',
  SM53: 'Urologie',
};

/** The label of a profession code, or null. */
export function professionLabel(code: string | null | undefined): string | null {
  return code ? (PROFESSIONS[code] ?? null) : null;
}

/** The label of a specialty code, or null. */
export function specialtyLabel(code: string | null | undefined): string | null {
  return code ? (SPECIALTIES[code] ?? null) : null;
}
