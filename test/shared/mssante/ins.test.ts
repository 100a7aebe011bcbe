import { describe, expect, it } from 'vitest';
import { insKey, isValidInsMatricule } from '../../../shared/mssante/ins.ts';

/** A matricule with its computed key appended. */
function withKey(first13: string): string {
  return `${first13}${String(insKey(first13)).padStart(2, '0')}`;
}

describe('insKey', () => {
  it('is 97 minus the number modulo 97', () => {
    expect(insKey('1840775123456')).toBe(97 - (1840775123456 % 97));
  });

  it('reads Corsica 2A as 19 and 2B as 18', () => {
    expect(insKey('185022A123456')).toBe(97 - (1850219123456 % 97));
    expect(insKey('185022B123456')).toBe(97 - (1850218123456 % 97));
  });

  it('refuses letters outside the department field', () => {
    expect(insKey('1850A2A123456')).toBeNull();
    expect(insKey('18502192A3456')).toBeNull();
  });
});

describe('isValidInsMatricule', () => {
  it('accepts a matricule with its key', () => {
    expect(isValidInsMatricule('184077512345657')).toBe(true);
    expect(isValidInsMatricule(withKey('2690299341732'))).toBe(true);
    expect(isValidInsMatricule(withKey('185022A123456'))).toBe(true);
    expect(isValidInsMatricule(withKey('185022b123456'))).toBe(true);
  });

  it('accepts the special series 7/8 (NIA) and 5/6', () => {
    for (const first of ['5', '6', '7', '8']) {
      expect(isValidInsMatricule(withKey(`${first}840775123456`))).toBe(true);
    }
  });

  it('accepts the months 20 to 99 of unknown birth months', () => {
    expect(isValidInsMatricule(withKey('1842075123456'))).toBe(true);
    expect(isValidInsMatricule(withKey('1849975123456'))).toBe(true);
  });

  it('refuses a wrong key', () => {
    expect(isValidInsMatricule('184077512345658')).toBe(false);
    expect(isValidInsMatricule('184077512345600')).toBe(false);
  });

  it('refuses a first digit outside 1/2, 5/6 and 7/8', () => {
    for (const first of ['0', '3', '4', '9']) {
      expect(isValidInsMatricule(`${first}84077512345657`)).toBe(false);
    }
  });

  it('refuses months 00 and 13 to 19', () => {
    for (const month of ['00', '13', '19']) {
      expect(isValidInsMatricule(withKey(`184${month}75123456`))).toBe(false);
    }
  });

  it('refuses wrong lengths and characters', () => {
    expect(isValidInsMatricule('18407751234565')).toBe(false);
    expect(isValidInsMatricule('1840775123456577')).toBe(false);
    expect(isValidInsMatricule('18407751234X657')).toBe(false);
    expect(isValidInsMatricule('')).toBe(false);
  });
});
