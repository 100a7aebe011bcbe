import { describe, expect, it } from 'vitest';
import { baseSubject, hasReplyPrefix, markedSubject } from '../../../shared/mssante/subject.ts';

describe('subjects of conversations', () => {
  it('recognises the reply and forward markers French clients write', () => {
    for (const subject of [
      'Re: Résultats',
      'RE : Résultats',
      'Réf : Résultats',
      'Re[2]: Résultats',
      'Fwd: Résultats',
      'Fw: Résultats',
      'TR: Résultats',
      'Tr : Résultats',
      'AW: Résultats',
    ]) {
      expect(hasReplyPrefix(subject), subject).toBe(true);
    }
  });

  it('does not take a word that merely begins like a marker for one', () => {
    for (const subject of ['Reprise du traitement', 'Traitement', 'Refus de soins', 'Résultats']) {
      expect(hasReplyPrefix(subject), subject).toBe(false);
    }
    expect(hasReplyPrefix(null)).toBe(false);
  });

  it('reduces a subject to the one its conversation is known by', () => {
    expect(baseSubject('RE : Tr: Résultats  de biologie')).toBe('resultats de biologie');
    expect(baseSubject('Re: XDM/1.0/DDM+Compte rendu')).toBe('compte rendu');
    expect(baseSubject('Résultats de biologie')).toBe('resultats de biologie');
    expect(baseSubject(undefined)).toBe('');
  });

  it('marks a reply or a forward once', () => {
    expect(markedSubject('Re', 'Résultats')).toBe('Re: Résultats');
    expect(markedSubject('Re', 'RE : Résultats')).toBe('RE : Résultats');
    expect(markedSubject('Tr', 'Résultats')).toBe('Tr: Résultats');
    expect(markedSubject('Tr', null)).toBe('Tr: ');
  });
});
