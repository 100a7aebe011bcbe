import { createHash } from 'node:crypto';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { PSC_TEST_CARDS } from '../../server/dev/psc-test-identities.ts';

/** A card the stand-in offers: the PSC test cards, then the demo people. */
export interface Card {
  idNat: string;
  civility: string;
  givenName: string;
  familyName: string;
  professionCode?: string;
  specialtyCode?: string;
  city: string;
  postcode: string;
  label: string;
}

const PROFESSIONS: Record<string, string> = {
  '10': 'Médecin',
  '21': 'Pharmacien',
  '40': 'Chirurgien-dentiste',
  '50': 'Sage-femme',
  '60': 'Infirmier',
  '70': 'Masseur-kinésithérapeute',
};

export const CARDS: Card[] = [
  ...PSC_TEST_CARDS,
  ...DEMO_IDENTITIES.map((identity) => ({
    ...identity,
    label: `${PROFESSIONS[identity.professionCode] ?? 'Professionnel'} (compte de démonstration)`,
  })),
];

/** PSC's `sub` is an opaque identifier, distinct from the idNat (clients must not key on it). */
export function subOf(idNat: string): string {
  return `f:${createHash('sha256').update(`psc-stand-in:${idNat}`).digest('hex').slice(0, 32)}`;
}

export function cardBySub(sub: string): Card | undefined {
  return CARDS.find((card) => subOf(card.idNat) === sub);
}

export function cardByIdNat(idNat: string): Card | undefined {
  return CARDS.find((card) => card.idNat === idNat);
}

/** The claims of a card, in the shape of Pro Santé Connect's userinfo. */
export function pscClaims(card: Card): Record<string, unknown> {
  const rpps = card.idNat.slice(1);
  const exercices = card.professionCode
    ? [
        {
          codeProfession: card.professionCode,
          codeCategorieProfessionnelle: 'C',
          codeCiviliteDexercice: card.civility === 'DR' ? 'DR' : '',
          nomDexercice: card.familyName.toUpperCase(),
          prenomDexercice: card.givenName,
          codeTypeSavoirFaire: card.specialtyCode ? 'S' : '',
          codeSavoirFaire: card.specialtyCode ?? '',
          activities: [
            {
              codeModeExercice: 'L',
              codeSecteurDActivite: 'SA07',
              codeSectionPharmacien: '',
              codeRole: '',
              numeroSiretSite: '',
              numeroSirenSite: '',
              numeroFinessSite: '',
              numeroFinessetablissementJuridique: '',
              identifiantTechniqueDeLaStructure: `R10100${rpps.slice(-6)}`,
              raisonSocialeSite: `Cabinet ${card.familyName}`,
              enseigneCommercialeSite: '',
              complementDestinataire: '',
              complementPointGeographique: '',
              numeroVoie: '12',
              indiceRepetitionVoie: '',
              codeTypeDeVoie: 'R',
              libelleVoie: 'de la République',
              mentionDistribution: '',
              bureauCedex: '',
              codePostal: card.postcode,
              codeCommune: '',
              codePays: '',
              telephone: '',
              telephone2: '',
              telecopie: '',
              adresseEMail: '',
              codeDepartement: card.postcode.slice(0, 2),
              ancienIdentifiantDeLaStructure: '',
              autoriteDEnregistrement: 'ARS/ARS-ARA/ARS-ARA',
              ligneAcheminement: `${card.postcode} ${card.city.toUpperCase()}`,
            },
          ],
        },
      ]
    : [];
  return {
    sub: subOf(card.idNat),
    SubjectNameID: card.idNat,
    preferred_username: card.idNat,
    given_name: card.givenName,
    family_name: card.familyName.toUpperCase(),
    SubjectOrganization: exercices.length ? `Cabinet ${card.familyName}` : '',
    SubjectRole: card.professionCode ? [`${card.professionCode}^1.2.250.1.213.1.1.5.5`] : [],
    SubjectRefPro: { codeCivilite: card.civility, exercices },
    otherIds: [{ identifiant: rpps, origine: 'RPPS', qualite: 1 }],
    SubjectOrganizationId: '',
  };
}

/** Every PSC claim name, released with scope_all. */
export const PSC_CLAIM_NAMES = [
  'SubjectNameID',
  'preferred_username',
  'given_name',
  'family_name',
  'SubjectOrganization',
  'SubjectOrganizationId',
  'SubjectRole',
  'SubjectRefPro',
  'otherIds',
];
