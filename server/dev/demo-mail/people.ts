/** The fictional people and places of the demo mail. No real patient data. */

export interface Correspondent {
  name: string;
  addr: string;
}

export const PATIENTS = [
  ['Élise', 'Fabre', '12/03/1948'],
  ['Jean', 'Morel', '02/07/1956'],
  ['Nadia', 'Haddad', '23/11/1979'],
  ['Louis', 'Perrin', '30/01/1941'],
  ['Chantal', 'Girard', '14/05/1962'],
  ['Mathis', 'Roux', '08/09/2015'],
  ['Amina', 'Diallo', '19/04/1988'],
  ['Bernard', 'Chevalier', '27/12/1936'],
  ['Sophie', 'Lambert', '05/06/1971'],
  ['Hugo', 'Fontaine', '11/10/1993'],
  ['Yvette', 'Marchand', '22/02/1939'],
  ['Paul', 'Henry', '17/08/1966'],
  ['Léa', 'Boyer', '03/03/2001'],
  ['Marcel', 'Gauthier', '29/07/1944'],
  ['Inès', 'Benoit', '09/01/1984'],
  ['Robert', 'Mercier', '15/11/1952'],
  ['Camille', 'Blanc', '21/09/1975'],
  ['Gérard', 'Dumas', '06/04/1949'],
  ['Fatima', 'Lopez', '13/12/1968'],
  ['Antoine', 'Garnier', '25/05/1990'],
].map(([given, family, born]) => ({ given: given ?? '', family: family ?? '', born: born ?? '' }));

export type Patient = (typeof PATIENTS)[number];

export const LAB: Correspondent = {
  name: 'Laboratoire BioRhône (démo)',
  addr: 'resultats@labo-biorhone-demo.mssante.fr',
};

export const HOSPITAL_DOCTORS: Correspondent[] = [
  { name: 'Dr Hélène Vasseur, cardiologie', addr: 'helene.vasseur@chu-lyon-demo.mssante.fr' },
  { name: 'Dr Marc Aubert, médecine interne', addr: 'marc.aubert@chu-lyon-demo.mssante.fr' },
  { name: 'Dr Laure Tessier, gériatrie', addr: 'laure.tessier@chu-lyon-demo.mssante.fr' },
  { name: 'Secrétariat des urgences', addr: 'urgences@chu-lyon-demo.mssante.fr' },
  { name: 'Dr Olivier Caron, chirurgie', addr: 'olivier.caron@clinique-saone-demo.mssante.fr' },
];

export const RADIOLOGY: Correspondent = {
  name: 'Imagerie Croix-Rousse (démo)',
  addr: 'secretariat@radiologie-croixrousse-demo.mssante.fr',
};

export const OTHER_GPS: Correspondent[] = [
  { name: 'Dr Julien Marchetti', addr: 'julien.marchetti@medecin.mssante.fr' },
  { name: 'Dr Anne Leclerc', addr: 'anne.leclerc@medecin.mssante.fr' },
  { name: 'Dr Pierre Nguyen', addr: 'pierre.nguyen@medecin.mssante.fr' },
];

export const LAB_TESTS: [string, string, number, number, number][] = [
  // name, unit, low, high, decimals
  ['Hémoglobine', 'g/dL', 11.5, 16.5, 1],
  ['Leucocytes', 'G/L', 4, 10, 1],
  ['Plaquettes', 'G/L', 150, 400, 0],
  ['Glycémie à jeun', 'mmol/L', 4.1, 7.5, 1],
  ['HbA1c', '%', 5, 8.5, 1],
  ['Créatinine', 'µmol/L', 50, 130, 0],
  ['DFG (CKD-EPI)', 'mL/min/1,73m²', 45, 110, 0],
  ['TSH', 'mUI/L', 0.4, 5.5, 2],
  ['CRP', 'mg/L', 0.5, 25, 1],
  ['Ferritine', 'µg/L', 20, 300, 0],
  ['LDL-cholestérol', 'g/L', 0.7, 1.9, 2],
  ['Potassium', 'mmol/L', 3.4, 5.2, 1],
];

export const HOSPITAL_REASONS = [
  'une décompensation cardiaque',
  'une pneumopathie communautaire',
  'une chute à domicile',
  'une douleur thoracique atypique',
  'un déséquilibre glycémique',
  'une fibrillation atriale de découverte récente',
  'une cholécystectomie programmée',
  'une insuffisance rénale aiguë fonctionnelle',
];

export const IMAGING = [
  ['Radiographie thoracique', 'Pas de foyer parenchymateux. Cœur de taille normale.'],
  ['Échographie abdominale', 'Foie de taille normale, pas de lithiase vésiculaire.'],
  ['Scanner thoracique', 'Micronodule de 4 mm du lobe supérieur droit, contrôle à un an.'],
  ['Échographie-doppler des membres inférieurs', 'Absence de thrombose veineuse profonde.'],
  ['IRM du genou droit', 'Fissure méniscale interne, pas de lésion ligamentaire.'],
] as const;

export const MEDICINES = ['metformine', 'apixaban', 'ramipril', 'lévothyroxine', 'atorvastatine'];
