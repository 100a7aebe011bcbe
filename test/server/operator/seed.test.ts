import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR, operatorSeedStep } from '../../../server/operator/seed.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';

describe('the demo operator', () => {
  it('signs in with password and code, and reaches the operator console', async () => {
    await operatorSeedStep.run(env);
    await operatorSeedStep.run(env);
    const cookies = new Map<string, string>();
    const post = async (path: string, body: unknown) => {
      const response = await exports.default.fetch(`http://pli.test${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        body: JSON.stringify(body),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      expect(response.ok).toBe(true);
      return response;
    };
    await post('/auth/login', { address: DEMO_OPERATOR.email, password: DEMO_OPERATOR.password });
    await post('/auth/otp/send', { channel: 'email' });
    const [mail] = await listOutbox(env.DB, { to: DEMO_OPERATOR.email, limit: 1 });
    await post('/auth/otp/verify', { code: mail?.body.match(/\b(\d{6})\b/)?.[1] });
    const stats = await exports.default.fetch(
      'http://pli.test/api/operator/stats?from=2026-01-01&to=2026-01-02',
      { headers: { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } },
    );
    expect(stats.status).toBe(200);
  });
});
