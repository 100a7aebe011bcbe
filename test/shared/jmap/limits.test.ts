import { describe, expect, it } from 'vitest';
import { jsonDepthOver } from '../../../shared/jmap/limits.ts';

describe('jsonDepthOver', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(jsonDepthOver('texte', 0)).toBe(false);
    expect(jsonDepthOver({ a: [1] }, 2)).toBe(false);
    expect(jsonDepthOver({ a: [[1]] }, 2)).toBe(true);
  });

  it('measures a value nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepthOver(deep, 64)).toBe(true);
  });
});
