import { fold } from '../text.ts';

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

/**
 * One reply or forward marker at the start of a subject, as clients in France write them:
 * `Re:`, `RE :`, `Réf :`, `Re[2]:`, `Fwd:`, `Fw:`, `TR:`, `Tr :`, and the German `AW:`/`WG:`
 * some clients leave; the colon may follow a space (French typography) or a full-width
 * colon.
 */
const REPLY_MARKER = /^\s*(?:re|r[ée]f|fwd?|tr|aw|wg)\s*(?:\[\d+\])?\s*[:：]\s*/i;

/**
 * Whether a subject starts with a reply or forward marker.
 *
 * @example
 * hasReplyPrefix('RE : Résultats'); // true
 * hasReplyPrefix('Tr: Compte rendu'); // true
 * hasReplyPrefix('Reprise du traitement'); // false
 */
export function hasReplyPrefix(subject: string | null | undefined): boolean {
  return REPLY_MARKER.test(subject ?? '');
}

/**
 * The subject a conversation is known by: every leading reply or forward marker and the
 * structured prefix removed, blanks collapsed, folded (no case, no accents).
 *
 * @example
 * baseSubject('RE : Tr: Résultats  de biologie'); // 'resultats de biologie'
 * baseSubject('XDM/1.0/DDM+Compte rendu'); // 'compte rendu'
 */
export function baseSubject(subject: string | null | undefined): string {
  let value = displaySubject(subject);
  for (let previous = ''; previous !== value; ) {
    previous = value;
    value = displaySubject(value.replace(REPLY_MARKER, ''));
  }
  return fold(value).replace(/\s+/g, ' ').trim();
}

/**
 * The subject of a reply (`prefix` `Re`) or a forward (`Tr`): the original one with the
 * marker in front, unless it already starts with that marker.
 *
 * @example
 * markedSubject('Re', 'Résultats'); // 'Re: Résultats'
 * markedSubject('Re', 'RE : Résultats'); // 'RE : Résultats'
 * markedSubject('Tr', null); // 'Tr: '
 */
export function markedSubject(prefix: 'Re' | 'Tr', subject: string | null | undefined): string {
  const value = subject ?? '';
  return new RegExp(`^\\s*${prefix}\\s*:`, 'i').test(value) ? value : `${prefix}: ${value}`;
}
