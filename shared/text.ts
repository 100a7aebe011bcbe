/**
 * Text folding: the one way Pli takes accents off letters (addresses, slugs, search and sort).
 *
 * @example
 * stripAccents('Lefèvre'); // 'Lefevre'
 * fold('Élodie'); // 'elodie'
 */

/**
 * The text without combining accents (NFD, then the U+0300..U+036F marks removed); case and
 * other characters are kept (`æ`, `œ` and `ø` are letters of their own, not accented).
 *
 * @example
 * stripAccents('Zoë Çelik'); // 'Zoe Celik'
 */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Lower-case text without accents; null and undefined fold to the empty string.
 *
 * @example
 * fold('Résultats IRM'); // 'resultats irm'
 * fold(null); // ''
 */
export function fold(text: string | null | undefined): string {
  return stripAccents(text ?? '').toLowerCase();
}
