import { describe, expect, it } from 'vitest';
import {
  assertPasswordPolicy,
  hashPassword,
  isCommonPassword,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from '../../../server/auth/passwords.ts';
import { ApiError } from '../../../server/errors.ts';

describe('passwords', () => {
  it('hashes with PBKDF2 at the Workers maximum, with a per-password salt', async () => {
    const a = await hashPassword('a long enough passphrase');
    const b = await hashPassword('a long enough passphrase');
    expect(a.iterations).toBe(PBKDF2_ITERATIONS);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPassword('a long enough passphrase', a)).toBe(true);
    expect(await verifyPassword('a long enough passphrasE', a)).toBe(false);
  });

  it('refuses every password when no hash is stored', async () => {
    expect(await verifyPassword('anything at all here', null)).toBe(false);
  });

  it('refuses a password shorter than 12 characters', () => {
    expect(() => assertPasswordPolicy('short-pass1')).toThrow(ApiError);
  });

  it('refuses a common password, whatever its case', () => {
    expect(isCommonPassword('123456')).toBe(true);
    expect(isCommonPassword('PASSWORD')).toBe(true);
    expect(() => assertPasswordPolicy('Qwerty123456')).toThrow(ApiError);
  });

  it('accepts a long uncommon password', () => {
    expect(() => assertPasswordPolicy('Tisane-au-thym-2026!')).not.toThrow();
  });
});
