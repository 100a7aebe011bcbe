import { describe, expect, it } from 'vitest';
import { isOnPatientDomain, isPatientAddress } from '../../../shared/mssante/patient.ts';

describe('isPatientAddress', () => {
  it('accepts an INS matricule on the patient domain', () => {
    expect(isPatientAddress('184077512345657@patient.mssante.fr')).toBe(true);
    expect(isPatientAddress('<184077512345657@Patient.MSSante.fr>')).toBe(true);
  });

  it('refuses a wrong key, a name, or another domain', () => {
    expect(isPatientAddress('184077512345658@patient.mssante.fr')).toBe(false);
    expect(isPatientAddress('jean.dupont@patient.mssante.fr')).toBe(false);
    expect(isPatientAddress('184077512345657@medecin.mssante.fr')).toBe(false);
  });
});

describe('isOnPatientDomain', () => {
  it('tells a patient sender, valid or not', () => {
    expect(isOnPatientDomain('x@patient.mssante.fr')).toBe(true);
    expect(isOnPatientDomain('x@medecin.mssante.fr')).toBe(false);
  });
});
