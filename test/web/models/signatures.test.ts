import { afterEach, describe, expect, it } from 'vitest';
import { chooseSignature, draft } from '../../../web/src/models/composer.ts';
import { signatureLabels, signatures } from '../../../web/src/models/signatures.ts';

const office = { id: 'I1', text: 'Dr Martin\nCabinet de Lyon', isDefault: true, mayDelete: false };
const clinic = { id: 'I2', text: 'Dr Martin\nCHU, cardiologie', isDefault: false, mayDelete: true };
const short = { id: 'I3', text: 'Claire', isDefault: false, mayDelete: true };

afterEach(() => {
  signatures.value = [];
});

describe('signatures', () => {
  it('tells apart signatures that start alike by their second line', () => {
    expect(signatureLabels([office, clinic, short])).toEqual([
      'Dr Martin — Cabinet de Lyon',
      'Dr Martin — CHU, cardiologie',
      'Claire',
    ]);
  });

  it('replaces the signature under the text by another, or removes it, keeping what was typed', () => {
    signatures.value = [office, clinic];
    draft.value = {
      ...draft.value,
      body: `Bien reçu.\n\n-- \n${office.text}`,
      identityId: office.id,
    };
    chooseSignature(clinic.id);
    expect(draft.value.body).toBe(`Bien reçu.\n\n-- \n${clinic.text}`);
    expect(draft.value.identityId).toBe(clinic.id);
    chooseSignature(null);
    expect(draft.value.body).toBe('Bien reçu.');
    expect(draft.value.identityId).toBeNull();
  });
});
