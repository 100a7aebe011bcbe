import { describe, expect, it } from 'vitest';
import { fitsQuota, MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import { displaySubject, isStructuredSubject } from '../../../shared/mssante/subject.ts';

describe('structured subjects', () => {
  it('hides the XDM prefix in lists', () => {
    expect(isStructuredSubject('XDM/1.0/DDM+Compte rendu')).toBe(true);
    expect(displaySubject('XDM/1.0/DDM+Compte rendu opératoire')).toBe('Compte rendu opératoire');
    expect(displaySubject('Résultats')).toBe('Résultats');
    expect(displaySubject(null)).toBe('');
  });
});

describe('limits', () => {
  it('caps messages at 25 MiB', () => {
    expect(MAX_MESSAGE_BYTES).toBe(26_214_400);
  });

  it('fits the quota exactly to the byte', () => {
    expect(fitsQuota({ used: 90, size: 10, quota: 100 })).toBe(true);
    expect(fitsQuota({ used: 91, size: 10, quota: 100 })).toBe(false);
  });
});
