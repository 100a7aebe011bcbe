/**
 * The INS matricule (NIR or NIA): 13 characters and a 2-digit key. Characters: sex or
 * series (1/2, 7/8 or 5/6 for special series), year (2 digits), month (01-12 or 20-99),
 * department (2 digits, or 2A/2B for Corsica), commune (3 digits), order (3 digits).
 * The key is `97 - (n mod 97)`, n being the 13 characters read as a number with 2A as 19
 * and 2B as 18.
 */

const SHAPE = /^([125678])(\d{2})(\d{2})(\d{2}|2[ab])(\d{3})(\d{3})(\d{2})$/i;

/**
 * The key of the first 13 characters of a matricule, or null when they are not 13 valid
 * characters.
 *
 * @example
 * insKey('1840775123456'); // 57
 * insKey('185022A123456'); // 82 (2A read as 19)
 */
export function insKey(first13: string): number | null {
  if (!/^[125678]\d{4}(\d{2}|2[ab])\d{6}$/i.test(first13)) return null;
  const department = first13.slice(5, 7).toUpperCase();
  const numeric = department === '2A' ? '19' : department === '2B' ? '18' : department;
  return 97 - (Number(`${first13.slice(0, 5)}${numeric}${first13.slice(7)}`) % 97);
}

/**
 * Whether a string is a well-formed INS matricule (15 characters) with a correct key.
 *
 * @example
 * isValidInsMatricule('184077512345657'); // true
 * isValidInsMatricule('184077512345658'); // false: wrong key
 * isValidInsMatricule('184137512345657'); // false: month 13
 */
export function isValidInsMatricule(value: string): boolean {
  const match = SHAPE.exec(value);
  if (!match) return false;
  const month = Number(match[3]);
  if (!((month >= 1 && month <= 12) || month >= 20)) return false;
  const key = insKey(value.slice(0, 13));
  return key !== null && key === Number(match[7]);
}
