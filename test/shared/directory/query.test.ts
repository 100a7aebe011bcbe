import { describe, expect, it } from 'vitest';
import { parseDirectoryQuery } from '../../../shared/directory/query.ts';

describe('parseDirectoryQuery', () => {
  it('makes every word a quoted prefix', () => {
    expect(parseDirectoryQuery('Élodie  infir')).toEqual({
      kind: 'text',
      match: '"Élodie"* "infir"*',
    });
  });

  it('reads an exact address', () => {
    expect(parseDirectoryQuery(' A.B@Medecin.mssante.fr ')).toEqual({
      kind: 'address',
      address: 'a.b@medecin.mssante.fr',
    });
  });

  it('drops FTS5 operators and quotes typed by the user', () => {
    expect(parseDirectoryQuery('"martin" OR NEAR(x) -dupont*')).toEqual({
      kind: 'text',
      match: '"martin"* "OR"* "NEAR"* "x"* "dupont"*',
    });
  });

  it('asks nothing for an empty or one-letter text', () => {
    expect(parseDirectoryQuery('  ')).toEqual({ kind: 'none' });
    expect(parseDirectoryQuery('a')).toEqual({ kind: 'none' });
  });
});
