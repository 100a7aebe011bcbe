import { describe, expect, it } from 'vitest';
import { fold, stripAccents } from '../../shared/text.ts';

describe('text folding', () => {
  it('takes accents off letters and keeps case and other characters', () => {
    expect(stripAccents('Élodie Lefèvre, Zoë Çelik')).toBe('Elodie Lefevre, Zoe Celik');
    expect(stripAccents('Cœur Ærø')).toBe('Cœur Ærø');
  });

  it('folds to lower case without accents, null and undefined to the empty string', () => {
    expect(fold('Résultats IRM')).toBe('resultats irm');
    expect(fold(null)).toBe('');
    expect(fold(undefined)).toBe('');
  });
});
