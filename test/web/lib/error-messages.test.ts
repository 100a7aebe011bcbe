import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors.ts';
import { ERROR_MESSAGES, errorMessage } from '../../../web/src/lib/error-messages.ts';

describe('French error messages', () => {
  it('exist for every error code of the API', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_MESSAGES[code], code).toMatch(/\S{3,}/);
    }
  });

  it('fall back to a generic text for a code this client does not know', () => {
    expect(errorMessage('a_future_code')).toBe(ERROR_MESSAGES.internal);
  });
});
