import { describe, expect, it } from 'vitest';
import { type SmtpConfig, sendViaSmtp } from '../../../../server/delivery/transports/smtp.ts';
import { relayedBytes, relayedTo, testPeers } from '../../support/peers.ts';

function config(overrides: Partial<SmtpConfig> = {}): SmtpConfig {
  return {
    host: '127.0.0.1',
    port: testPeers().smtpPort,
    security: 'plain',
    username: 'relay-user',
    password: 'relay-pass',
    heloName: 'pli.mssante.fr',
    ...overrides,
  };
}

const encoder = new TextEncoder();

function message(to: string, body: string): Uint8Array {
  return encoder.encode(
    `From: <claire.martin@medecin.pli.mssante.fr>\r\nTo: <${to}>\r\nSubject: Test\r\nMessage-ID: <${crypto.randomUUID()}@pli.mssante.fr>\r\n\r\n${body}`,
  );
}

describe('SMTP relay client', () => {
  it('delivers a message through a real SMTP conversation with AUTH PLAIN', async () => {
    const to = `dr.x.${crypto.randomUUID().slice(0, 8)}@medecin.mssante.fr`;
    const raw = message(to, 'Bonjour,\r\n.ligne qui commence par un point\r\n.\r\nFin\r\n');
    const result = await sendViaSmtp(config(), {
      mailFrom: 'claire.martin@medecin.pli.mssante.fr',
      rcptTo: [to],
      raw,
    });
    expect(result).toEqual({ ok: true });
    const [mail] = await relayedTo(to);
    expect(mail?.authUser).toBe('relay-user');
    expect(mail?.mailFrom).toBe('claire.martin@medecin.pli.mssante.fr');
    // Dot-stuffed on the wire, unstuffed by the server: the same bytes arrive.
    expect(relayedBytes(mail?.data ?? '')).toEqual(raw);
  });

  it('normalises bare line feeds and keeps 8-bit bytes', async () => {
    const to = `lf.${crypto.randomUUID().slice(0, 8)}@medecin.mssante.fr`;
    const raw = encoder.encode(`Subject: x\nTo: <${to}>\n\nÉlodie\n`);
    expect(
      await sendViaSmtp(config(), { mailFrom: 'a@pli.mssante.fr', rcptTo: [to], raw }),
    ).toEqual({
      ok: true,
    });
    const [mail] = await relayedTo(to);
    expect(new TextDecoder().decode(relayedBytes(mail?.data ?? ''))).toBe(
      `Subject: x\r\nTo: <${to}>\r\n\r\nÉlodie\r\n`,
    );
  });

  it('authenticates with AUTH LOGIN when the relay offers only that', async () => {
    const to = `login.${crypto.randomUUID().slice(0, 8)}@medecin.mssante.fr`;
    const result = await sendViaSmtp(config({ heloName: 'login-only.test' }), {
      mailFrom: 'a@pli.mssante.fr',
      rcptTo: [to],
      raw: message(to, 'x'),
    });
    expect(result).toEqual({ ok: true });
    expect((await relayedTo(to))[0]?.authUser).toBe('relay-user');
  });

  it('reports refused credentials as a permanent failure', async () => {
    for (const heloName of ['pli.mssante.fr', 'login-only.test']) {
      const result = await sendViaSmtp(config({ password: 'wrong', heloName }), {
        mailFrom: 'a@pli.mssante.fr',
        rcptTo: ['someone@medecin.mssante.fr'],
        raw: message('someone@medecin.mssante.fr', 'x'),
      });
      expect(result).toMatchObject({ ok: false, permanent: true });
      expect(result.ok ? '' : result.reply).toMatch(/^535/);
    }
  });

  it('reports a 5xx recipient refusal as permanent', async () => {
    const result = await sendViaSmtp(config(), {
      mailFrom: 'a@pli.mssante.fr',
      rcptTo: ['perm-reject@medecin.mssante.fr'],
      raw: message('perm-reject@medecin.mssante.fr', 'x'),
    });
    expect(result).toEqual({ ok: false, permanent: true, reply: '550 5.1.1 No such user' });
  });

  it('reports a 4xx reply as temporary', async () => {
    const result = await sendViaSmtp(config(), {
      mailFrom: 'a@pli.mssante.fr',
      rcptTo: ['temp-reject@medecin.mssante.fr'],
      raw: message('temp-reject@medecin.mssante.fr', 'x'),
    });
    expect(result).toMatchObject({ ok: false, permanent: false });
  });

  it('refuses to go on without STARTTLS when TLS is required', async () => {
    const result = await sendViaSmtp(config({ security: 'starttls' }), {
      mailFrom: 'a@pli.mssante.fr',
      rcptTo: ['x@medecin.mssante.fr'],
      raw: message('x@medecin.mssante.fr', 'x'),
    });
    expect(result).toEqual({ ok: false, permanent: false, reply: 'relay does not offer STARTTLS' });
  });

  it('gives up on a relay that stops answering, as a temporary failure', async () => {
    const result = await sendViaSmtp(
      config({ heloName: 'silent.test' }),
      {
        mailFrom: 'a@pli.mssante.fr',
        rcptTo: ['x@medecin.mssante.fr'],
        raw: message('x@medecin.mssante.fr', 'x'),
      },
      300,
    );
    expect(result).toEqual({ ok: false, permanent: false, reply: 'relay timed out' });
  });

  it('treats an unreachable relay as temporary', async () => {
    const result = await sendViaSmtp(config({ port: 1 }), {
      mailFrom: 'a@pli.mssante.fr',
      rcptTo: ['x@medecin.mssante.fr'],
      raw: message('x@medecin.mssante.fr', 'x'),
    });
    expect(result).toMatchObject({ ok: false, permanent: false });
  });
});
