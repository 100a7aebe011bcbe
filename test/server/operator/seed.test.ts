import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR, operatorSeedStep } from '../../../server/operator/seed.ts';
import { call, loginWithPassword } from '../support/identity.ts';

describe('the demo operator', () => {
  it('signs in with password and code, and reaches the operator console', async () => {
    await operatorSeedStep.run(env);
    await operatorSeedStep.run(env);
    const jar = await loginWithPassword({
      bal: { address: DEMO_OPERATOR.email },
      password: DEMO_OPERATOR.password,
      email: DEMO_OPERATOR.email,
    });
    const stats = await call(jar, '/api/operator/stats?from=2026-01-01&to=2026-01-02');
    expect(stats.status).toBe(200);
  });
});
