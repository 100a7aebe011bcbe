import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { emailBindingTransport } from '../../../../server/delivery/transports/email-binding.ts';
import { transportFor } from '../../../../server/delivery/transports/index.ts';
import { rawMail } from '../../support/delivery-factories.ts';

describe('email binding transport', () => {
  it('hands the message to the send_email binding', async () => {
    if (!env.SEND_EMAIL) throw new Error('SEND_EMAIL binding missing from wrangler.toml');
    const raw = rawMail({
      from: 'claire.martin@medecin.pli.mssante.fr',
      to: 'dr.x@chu-lyon-demo.mssante.fr',
    });
    const result = await emailBindingTransport(env.SEND_EMAIL).send({
      mailFrom: 'claire.martin@medecin.pli.mssante.fr',
      rcptTo: ['dr.x@chu-lyon-demo.mssante.fr'],
      raw,
    });
    expect(result).toEqual({ ok: true });
  });

  it('is chosen by OUTBOUND_TRANSPORT', () => {
    expect(transportFor({ ...env, OUTBOUND_TRANSPORT: 'email-binding' }).name).toBe(
      'email-binding',
    );
    expect(transportFor(env).name).toBe('dev-sink');
  });

  it('refuses the dev sink and a missing choice outside development', () => {
    expect(() =>
      transportFor({ ...env, ENVIRONMENT: 'production', OUTBOUND_TRANSPORT: 'dev-sink' }),
    ).toThrow();
    expect(() =>
      transportFor({ ...env, ENVIRONMENT: 'production', OUTBOUND_TRANSPORT: '' }),
    ).toThrow();
  });
});
