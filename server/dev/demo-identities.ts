/**
 * The demo people of `npm start` and of the tests. RPPS numbers are fictional with valid
 * Luhn check digits; idNat = '8' + RPPS. Addresses are on the first operator domain.
 */
export interface DemoIdentity {
  idNat: string;
  civility: 'DR' | 'M' | 'MME';
  givenName: string;
  familyName: string;
  /** TRE_G15 profession code. */
  professionCode: string;
  /** TRE_R38 specialty code, for doctors. */
  specialtyCode?: string;
  /** Local part and profession subdomain of the BAL address; absent: no BAL yet. */
  bal?: { localPart: string; subdomain: string };
  /** Password for the address + password + one-time code login (demo only). */
  password?: string;
  city: string;
  postcode: string;
}

export const DEMO_IDENTITIES: DemoIdentity[] = [
  {
    idNat: '810100010015',
    civility: 'DR',
    givenName: 'Claire',
    familyName: 'Martin',
    professionCode: '10',
    specialtyCode: 'SM26',
    bal: { localPart: 'claire.martin', subdomain: 'medecin' },
    password: 'Pli-demo-Claire-2026',
    city: 'Lyon',
    postcode: '69003',
  },
  {
    idNat: '810100010023',
    civility: 'DR',
    givenName: 'Karim',
    familyName: 'Benali',
    professionCode: '10',
    specialtyCode: 'SM41',
    bal: { localPart: 'karim.benali', subdomain: 'medecin' },
    password: 'Pli-demo-Karim-2026',
    city: 'Villeurbanne',
    postcode: '69100',
  },
  {
    idNat: '810100010031',
    civility: 'MME',
    givenName: 'Élodie',
    familyName: 'Rousseau',
    professionCode: '60',
    bal: { localPart: 'elodie.rousseau', subdomain: 'infirmier' },
    password: 'Pli-demo-Elodie-2026',
    city: 'Lyon',
    postcode: '69007',
  },
  {
    idNat: '810100010049',
    civility: 'M',
    givenName: 'Thomas',
    familyName: 'Lefèvre',
    professionCode: '21',
    bal: { localPart: 'thomas.lefevre', subdomain: 'pharmacien' },
    password: 'Pli-demo-Thomas-2026',
    city: 'Bron',
    postcode: '69500',
  },
  {
    // The delegate: Dr Martin's locum, who works in her BAL (delegation seeded).
    idNat: '810100010056',
    civility: 'DR',
    givenName: 'Sophie',
    familyName: 'Garnier',
    professionCode: '10',
    password: 'Pli-demo-Sophie-2026',
    city: 'Lyon',
    postcode: '69003',
  },
];

/** The BAL address of a demo identity, or null when it has none. */
export function demoAddress(identity: DemoIdentity, operatorDomain: string): string | null {
  return identity.bal
    ? `${identity.bal.localPart}@${identity.bal.subdomain}.${operatorDomain}`
    : null;
}
