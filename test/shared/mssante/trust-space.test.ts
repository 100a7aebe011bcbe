import { describe, expect, it } from 'vitest';
import {
  isOperatorDomain,
  isPatientDomain,
  parseOperatorDomains,
} from '../../../shared/mssante/trust-space.ts';

describe('operator domains', () => {
  it('parses the configuration value', () => {
    expect(parseOperatorDomains(' pli.mssante.fr, Autre.mssante.fr ,')).toEqual([
      'pli.mssante.fr',
      'autre.mssante.fr',
    ]);
  });

  it('includes the per-profession subdomains', () => {
    expect(isOperatorDomain('medecin.pli.mssante.fr', ['pli.mssante.fr'])).toBe(true);
    expect(isOperatorDomain('pli.mssante.fr', ['pli.mssante.fr'])).toBe(true);
  });

  it('refuses other operators and look-alike domains', () => {
    expect(isOperatorDomain('medecin.mssante.fr', ['pli.mssante.fr'])).toBe(false);
    expect(isOperatorDomain('xpli.mssante.fr', ['pli.mssante.fr'])).toBe(false);
    expect(isOperatorDomain('pli.mssante.fr.evil.fr', ['pli.mssante.fr'])).toBe(false);
  });
});

describe('isPatientDomain', () => {
  it('recognises only patient.mssante.fr', () => {
    expect(isPatientDomain('Patient.MSSante.fr')).toBe(true);
    expect(isPatientDomain('x.patient.mssante.fr')).toBe(false);
  });
});
