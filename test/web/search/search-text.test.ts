import { describe, expect, it } from 'vitest';
import {
  excerpt,
  markTerms,
  searchWords,
  snippetParts,
} from '../../../web/src/search/search-text.ts';

describe('search text', () => {
  it('cuts text into folded words, addresses into their parts, one-letter words left out', () => {
    expect(searchWords('Hémoglobine à 7,2 % — Dr Lefèvre <jean.lefevre@chu-lyon.fr>')).toEqual([
      'hemoglobine',
      'dr',
      'lefevre',
      'jean',
      'lefevre',
      'chu',
      'lyon',
      'fr',
    ]);
  });

  it('marks the words that start with a term, in the original spelling', () => {
    expect(markTerms('Résultats : hémoglobine glyquée', ['hemoglobine', 'resultat'])).toEqual([
      { text: 'Résultat', mark: true },
      { text: 's : ', mark: false },
      { text: 'hémoglobine', mark: true },
      { text: ' glyquée', mark: false },
    ]);
    expect(markTerms('Dr Benali', [])).toEqual([{ text: 'Dr Benali', mark: false }]);
  });

  it('takes the body around the first match', () => {
    const text = `${'Bonjour. '.repeat(30)}La ferritine est basse. ${'Cordialement. '.repeat(30)}`;
    const cut = excerpt(text, ['ferritine']);
    expect(cut).toContain('La ferritine est basse.');
    expect(cut?.startsWith('…')).toBe(true);
    expect(excerpt(text, ['absent'])).toBeNull();
  });

  it('reads a server snippet as text parts, never as HTML', () => {
    expect(snippetParts('Taux d&#39;<mark>hémoglobine</mark> &lt;b&gt;')).toEqual([
      { text: "Taux d'", mark: false },
      { text: 'hémoglobine', mark: true },
      { text: ' <b>', mark: false },
    ]);
    expect(snippetParts(null)).toBeNull();
  });
});
