import { describe, expect, it } from 'vitest';
import {
  deviceLabel,
  formatUserCode,
  normalizeUserCode,
  USER_CODE_ALPHABET,
} from '../../shared/device-flow.ts';

describe('user codes', () => {
  it('reads a code as typed: any case, dash, spaces or dots between the groups', () => {
    expect(normalizeUserCode('bcdf-ghjk')).toBe('BCDFGHJK');
    expect(normalizeUserCode(' BCDF GHJK ')).toBe('BCDFGHJK');
    expect(normalizeUserCode('bcdf.ghjk')).toBe('BCDFGHJK');
  });

  it('refuses what cannot be a code: wrong length, vowels, digits', () => {
    expect(normalizeUserCode('BCDF-GHJ')).toBeNull();
    expect(normalizeUserCode('BCDF-GHJKL')).toBeNull();
    expect(normalizeUserCode('BCDF-GHJA')).toBeNull();
    expect(normalizeUserCode('BCDF-GHJ0')).toBeNull();
  });

  it('has an alphabet without vowels or digits, so codes spell no word and have no look-alikes', () => {
    expect(USER_CODE_ALPHABET).toMatch(/^[B-DF-HJ-NP-TV-XZ]{20}$/);
  });

  it('shows a code as two groups of four', () => {
    expect(formatUserCode('BCDFGHJK')).toBe('BCDF-GHJK');
  });

  it('names a paired extension by its browser', () => {
    expect(deviceLabel({ client: 'extension', browser: 'Chrome' })).toBe('Extension Pli — Chrome');
  });
});
