/** The prefix of structured (XDM) subjects, hidden in message lists. */
export const STRUCTURED_SUBJECT_PREFIX = 'XDM/1.0/DDM+';

/**
 * Whether a subject is structured (a CDA document inside an `IHE_XDM.zip` package).
 *
 * @example
 * isStructuredSubject('XDM/1.0/DDM+Compte rendu'); // true
 */
export function isStructuredSubject(subject: string | null | undefined): boolean {
  return (subject ?? '').startsWith(STRUCTURED_SUBJECT_PREFIX);
}

/**
 * The subject as lists show it: the structured prefix removed.
 *
 * @example
 * displaySubject('XDM/1.0/DDM+Compte rendu opératoire'); // 'Compte rendu opératoire'
 * displaySubject('Résultats'); // 'Résultats'
 */
export function displaySubject(subject: string | null | undefined): string {
  const value = subject ?? '';
  return isStructuredSubject(value) ? value.slice(STRUCTURED_SUBJECT_PREFIX.length) : value;
}
