import { describe, expect, it } from 'vitest';
import {
  domainOf,
  isSameOrSubdomain,
  normaliseAddress,
  parseAddress,
} from '../../../shared/mssante/address.ts';

describe('parseAddress', () => {
  it('lower-cases and strips brackets and display names', () => {
    expect(parseAddress(' <Claire.Martin@Medecin.Pli.MSSante.fr> ')).toEqual({
      local: 'claire.martin',
      domain: 'medecin.pli.mssante.fr',
      address: 'claire.martin@medecin.pli.mssante.fr',
    });
    expect(parseAddress('Dr Martin <claire.martin@medecin.mssante.fr>')?.domain).toBe(
      'medecin.mssante.fr',
    );
  });

  it('refuses what is not a plain address', () => {
    for (const bad of [
      '',
      'no-at-sign',
      '@mssante.fr',
      'a@',
      'a@localhost',
      'a b@x.fr',
      'a@x..fr',
      'a@-x.fr',
      'a..b@x.fr',
    ]) {
      expect(parseAddress(bad), bad).toBeNull();
    }
  });

  it('refuses overlong local parts', () => {
    expect(parseAddress(`${'a'.repeat(65)}@mssante.fr`)).toBeNull();
  });
});

describe('normaliseAddress and domainOf', () => {
  it('give the lower-case address and domain', () => {
    expect(normaliseAddress('<Karim.Benali@medecin.pli.mssante.fr>')).toBe(
      'karim.benali@medecin.pli.mssante.fr',
    );
    expect(domainOf('a.b@Infirmier.MSSante.fr')).toBe('infirmier.mssante.fr');
    expect(domainOf('nonsense')).toBeNull();
  });
});

describe('isSameOrSubdomain', () => {
  it('accepts the domain itself and its subdomains', () => {
    expect(isSameOrSubdomain('pli.mssante.fr', 'pli.mssante.fr')).toBe(true);
    expect(isSameOrSubdomain('medecin.pli.mssante.fr', 'PLI.mssante.fr')).toBe(true);
  });

  it('refuses a domain that only ends with the same letters', () => {
    expect(isSameOrSubdomain('evilpli.mssante.fr', 'pli.mssante.fr')).toBe(false);
    expect(isSameOrSubdomain('mssante.fr', 'pli.mssante.fr')).toBe(false);
    expect(isSameOrSubdomain('pli.mssante.fr', '')).toBe(false);
  });
});
