import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../server/gateway/config.ts';
import { withGatewayHeaders } from '../../server/gateway/smtp.ts';

const message = (header: string, body = 'Bonjour,\r\n\xe9t\xe9\r\n') =>
  Buffer.from(`${header}\r\n\r\n${body}`, 'latin1');

describe('the gateway’s header fields', () => {
  it('adds X-MSS-NIL when the client set none, and keeps every other byte', () => {
    const raw = message('From: <a@medecin.pli.mssante.fr>\r\nSubject: test');
    const out = withGatewayHeaders(raw, { sender: null });
    expect(out.toString('latin1')).toBe(`X-MSS-NIL: Pli/1.0\r\n${raw.toString('latin1')}`);
  });

  it('keeps the X-MSS-NIL of a practice software', () => {
    const raw = message('X-Mss-Nil: LogicielMedical/4.2\r\nFrom: <a@medecin.pli.mssante.fr>');
    expect(withGatewayHeaders(raw, { sender: null }).equals(raw)).toBe(true);
  });

  it('forbids a delegate’s own Sender field: it is replaced by the delegate’s address', () => {
    const raw = message(
      'X-MSS-NIL: x\r\nFrom: <holder@medecin.pli.mssante.fr>\r\nSender: "Quelqu\'un"\r\n <autre@example.org>\r\nSubject: s',
    );
    const out = withGatewayHeaders(raw, { sender: 'delegate@medecin.pli.mssante.fr' }).toString(
      'latin1',
    );
    expect(out).toBe(
      'Sender: <delegate@medecin.pli.mssante.fr>\r\nX-MSS-NIL: x\r\nFrom: <holder@medecin.pli.mssante.fr>\r\nSubject: s\r\n\r\nBonjour,\r\n\xe9t\xe9\r\n',
    );
  });
});

describe('the gateway configuration', () => {
  const base = { GATEWAY_WORKER_URL: 'https://pli.example.fr/' };

  it('forbids production without a certificate and key from configuration', () => {
    expect(() => readGatewayConfig(base)).toThrow(/GATEWAY_TLS_CERT/);
    const config = readGatewayConfig({
      ...base,
      GATEWAY_TLS_CERT: '/etc/pli/cert.pem',
      GATEWAY_TLS_KEY: '/etc/pli/key.pem',
    });
    expect(config.workerUrl).toBe('https://pli.example.fr');
    expect(config.ports).toEqual({ smtp: 1587, smtps: 1465, imap: 1143, imaps: 1993 });
    expect(config.plaintextAuth).toBe(false);
  });

  it('forbids plaintext AUTH except in development on a loopback address', () => {
    const dev = { ...base, GATEWAY_ENV: 'development' };
    expect(readGatewayConfig(dev).plaintextAuth).toBe(true);
    expect(readGatewayConfig({ ...dev, GATEWAY_LISTEN_HOST: '0.0.0.0' }).plaintextAuth).toBe(false);
  });

  it('refuses a port that is not one, naming the variable', () => {
    expect(() =>
      readGatewayConfig({ ...base, GATEWAY_ENV: 'development', GATEWAY_SMTP_PORT: 'smtp' }),
    ).toThrow(/GATEWAY_SMTP_PORT/);
  });
});
