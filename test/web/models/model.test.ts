import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createModel, resetModels } from '../../../web/src/models/model.ts';

describe('the model registry', () => {
  it('puts every model’s signals back to their first values and runs its cleanup', () => {
    let cleaned = 0;
    const { token, list } = createModel(
      { token: signal<string | null>(null), list: signal<string[]>([]) },
      () => {
        cleaned += 1;
      },
    );
    token.value = 'secret';
    list.value = ['a'];
    resetModels();
    expect(token.value).toBeNull();
    expect(list.value).toEqual([]);
    expect(cleaned).toBe(1);
  });
});
