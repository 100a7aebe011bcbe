import { describe, expect, it } from 'vitest';
import {
  balLocalPart,
  isMssanteAddress,
  numberedLocalPart,
  professionSubdomain,
} from '../../shared/bal-address.ts';

describe('BAL addresses', () => {
  it('normalises accents, spaces and apostrophes', () => {
    expect(balLocalPart('Élodie', 'Rousseau')).toBe('elodie.rousseau');
    expect(balLocalPart('Jean Pierre', "D'Artagnan")).toBe('jean-pierre.d-artagnan');
    expect(balLocalPart('Thomas', 'Lefèvre')).toBe('thomas.lefevre');
    expect(balLocalPart('Zoë', 'Cœur')).toBe('zoe.coeur');
  });

  it('maps TRE_G15 professions to their subdomain', () => {
    expect(professionSubdomain('10')).toBe('medecin');
    expect(professionSubdomain('21')).toBe('pharmacien');
    expect(professionSubdomain('40')).toBe('chirurgien-dentiste');
    expect(professionSubdomain('50')).toBe('sage-femme');
    expect(professionSubdomain('60')).toBe('infirmier');
    expect(professionSubdomain('70')).toBe('masseur-kinesitherapeute');
    expect(professionSubdomain('99')).toBe('professionnel');
  });

  it('numbers collisions from 2', () => {
    expect(numberedLocalPart('claire.martin', 1)).toBe('claire.martin');
    expect(numberedLocalPart('claire.martin', 2)).toBe('claire.martin2');
  });

  it('recognises MSSanté addresses', () => {
    expect(isMssanteAddress('a@medecin.mssante.fr')).toBe(true);
    expect(isMssanteAddress('a@pli.example', ['pli.example'])).toBe(true);
    expect(isMssanteAddress('a@example.org')).toBe(false);
  });
});
