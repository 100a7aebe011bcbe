/**
 * The fictional practitioners on the cards of the local Pro Santé Connect stand-in
 * (`scripts/psc-stand-in/`), who have no BAL until they onboard. RPPS numbers are
 * fictional with valid Luhn check digits; idNat = '8' + RPPS. Pure data (erasable
 * TypeScript): the stand-in runs it under Node's type stripping.
 */
export interface PscTestCard {
  idNat: string;
  civility: 'DR' | 'M' | 'MME';
  givenName: string;
  familyName: string;
  /** TRE_G15 profession code; absent: an identity without a professional practice. */
  professionCode?: string;
  /** TRE_R38 specialty code. */
  specialtyCode?: string;
  city: string;
  postcode: string;
  /** Shown on the stand-in's card page. */
  label: string;
}

export const PSC_TEST_CARDS: PscTestCard[] = [
  {
    idNat: '810100020014',
    civility: 'DR',
    givenName: 'Camille',
    familyName: 'Dubois',
    professionCode: '10',
    specialtyCode: 'SM26',
    city: 'Lyon',
    postcode: '69002',
    label: 'Médecin généraliste',
  },
  {
    idNat: '810100020022',
    civility: 'MME',
    givenName: 'Léa',
    familyName: 'Moreau',
    professionCode: '60',
    city: 'Vénissieux',
    postcode: '69200',
    label: 'Infirmière',
  },
  {
    idNat: '810100020030',
    civility: 'M',
    givenName: 'Hugo',
    familyName: 'Bernard',
    professionCode: '70',
    city: 'Caluire-et-Cuire',
    postcode: '69300',
    label: 'Masseur-kinésithérapeute',
  },
  {
    idNat: '810100020048',
    civility: 'MME',
    givenName: 'Inès',
    familyName: 'Petit',
    professionCode: '50',
    city: 'Lyon',
    postcode: '69004',
    label: 'Sage-femme',
  },
  {
    idNat: '810100020055',
    civility: 'DR',
    givenName: 'Julien',
    familyName: 'Roux',
    professionCode: '40',
    city: 'Écully',
    postcode: '69130',
    label: 'Chirurgien-dentiste',
  },
  {
    idNat: '810100020063',
    civility: 'MME',
    givenName: 'Nathalie',
    familyName: 'Fournier',
    professionCode: '21',
    city: 'Oullins',
    postcode: '69600',
    label: 'Pharmacienne',
  },
  {
    // Same name as a demo holder: her address gets a number (claire.martin2).
    idNat: '810100020071',
    civility: 'DR',
    givenName: 'Claire',
    familyName: 'Martin',
    professionCode: '10',
    specialtyCode: 'SM41',
    city: 'Lyon',
    postcode: '69008',
    label: 'Pneumologue (homonyme d’une titulaire de démonstration)',
  },
  {
    // No professional practice: self-service creation is refused.
    idNat: '810100020089',
    civility: 'M',
    givenName: 'Marc',
    familyName: 'Girard',
    city: 'Lyon',
    postcode: '69001',
    label: 'Sans exercice professionnel enregistré',
  },
];
