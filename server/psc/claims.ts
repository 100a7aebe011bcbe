/** One professional practice (`SubjectRefPro.exercices[]`), the fields Pli keeps. */
export interface PscExercice {
  codeProfession: string;
  codeCategorieProfessionnelle: string | null;
  codeCiviliteDexercice: string | null;
  nomDexercice: string | null;
  prenomDexercice: string | null;
  codeTypeSavoirFaire: string | null;
  codeSavoirFaire: string | null;
  activities: Record<string, string | null>[];
}

/** A practitioner as Pro Santé Connect describes them. */
export interface PscIdentity {
  idNat: string;
  givenName: string;
  familyName: string;
  exercices: PscExercice[];
}

const str = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null;

function activities(value: unknown): Record<string, string | null>[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, 20).map((activity) => {
    const out: Record<string, string | null> = {};
    if (typeof activity === 'object' && activity !== null) {
      for (const [key, field] of Object.entries(activity).slice(0, 40)) out[key] = str(field);
    }
    return out;
  });
}

/** The practices of a userinfo; none when `SubjectRefPro` has no `exercices`. */
export function exercicesOf(userinfo: Record<string, unknown>): PscExercice[] {
  const refPro = userinfo.SubjectRefPro;
  const list =
    typeof refPro === 'object' && refPro !== null
      ? (refPro as { exercices?: unknown }).exercices
      : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw): PscExercice[] => {
    if (typeof raw !== 'object' || raw === null) return [];
    const e = raw as Record<string, unknown>;
    const codeProfession = str(e.codeProfession);
    if (!codeProfession) return [];
    return [
      {
        codeProfession,
        codeCategorieProfessionnelle: str(e.codeCategorieProfessionnelle),
        codeCiviliteDexercice: str(e.codeCiviliteDexercice),
        nomDexercice: str(e.nomDexercice),
        prenomDexercice: str(e.prenomDexercice),
        codeTypeSavoirFaire: str(e.codeTypeSavoirFaire),
        codeSavoirFaire: str(e.codeSavoirFaire),
        activities: activities(e.activities),
      },
    ];
  });
}

/** The identity of a checked userinfo whose idNat is already established. */
export function pscIdentity(idNat: string, userinfo: Record<string, unknown>): PscIdentity {
  const exercices = exercicesOf(userinfo);
  const first = exercices[0];
  return {
    idNat,
    givenName: str(userinfo.given_name) ?? first?.prenomDexercice ?? '',
    familyName: str(userinfo.family_name) ?? first?.nomDexercice ?? '',
    exercices,
  };
}
