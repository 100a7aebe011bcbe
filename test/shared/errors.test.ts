import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorStatus, isErrorBody } from '../../shared/errors.ts';

describe('error codes', () => {
  it('map every code to a client or server error status', () => {
    for (const code of ERROR_CODES) {
      const status = errorStatus(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('recognise the one error body shape', () => {
    expect(isErrorBody({ error: { code: 'not_found', message: 'x', requestId: 'r' } })).toBe(true);
  });

  it('reject a body whose code is not in the closed list', () => {
    expect(isErrorBody({ error: { code: 'teapot', message: 'x' } })).toBe(false);
    expect(isErrorBody({ message: 'x' })).toBe(false);
    expect(isErrorBody(null)).toBe(false);
  });
});
