import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';

describe('config()', () => {
  it('reads the operator domains trimmed, in lower case, without empty entries', () => {
    const parsed = config({ ...env, OPERATOR_DOMAINS: ' a.fr, B.fr ,,' });
    expect(parsed.operatorDomains).toEqual(['a.fr', 'b.fr']);
    expect(parsed.firstOperatorDomain).toBe('a.fr');
  });

  it('reads PUBLIC_URL without a trailing slash and the notice interval as a number', () => {
    const parsed = config({
      ...env,
      PUBLIC_URL: 'https://pli.example.fr/',
      NOTICE_INTERVAL_MINUTES: '5',
    });
    expect(parsed.publicUrl).toBe('https://pli.example.fr');
    expect(parsed.noticeIntervalMinutes).toBe(5);
    expect(config({ ...env, NOTICE_INTERVAL_MINUTES: undefined }).noticeIntervalMinutes).toBe(15);
  });

  it('refuses a configuration without an operator domain, or with a value that is not one', () => {
    expect(() => config({ ...env, OPERATOR_DOMAINS: ' , ' })).toThrow(/OPERATOR_DOMAINS/);
    expect(() => config({ ...env, OPERATOR_DOMAINS: 'a.fr; b.fr' })).toThrow(/OPERATOR_DOMAINS/);
  });

  it('refuses a PUBLIC_URL that is not a URL and a notice interval that is not whole minutes', () => {
    expect(() => config({ ...env, PUBLIC_URL: 'pli.example.fr' })).toThrow(/PUBLIC_URL/);
    expect(() => config({ ...env, NOTICE_INTERVAL_MINUTES: 'quinze' })).toThrow(
      /NOTICE_INTERVAL_MINUTES/,
    );
  });

  it('reads where mail clients reach the gateway, by default the public host on 1587, 1465, 1143 and 1993', () => {
    const defaults = config({ ...env, PUBLIC_URL: 'https://pli.example.fr' });
    expect(defaults.mailAccess).toEqual({
      host: 'pli.example.fr',
      smtpPort: 1587,
      smtpsPort: 1465,
      imapPort: 1143,
      imapsPort: 1993,
    });
    const set = config({
      ...env,
      GATEWAY_PUBLIC_HOST: 'Mail.Pli.example.fr',
      GATEWAY_SMTP_PORT: '587',
      GATEWAY_SMTPS_PORT: '465',
      GATEWAY_IMAP_PORT: '143',
      GATEWAY_IMAPS_PORT: '993',
    });
    expect(set.mailAccess).toEqual({
      host: 'mail.pli.example.fr',
      smtpPort: 587,
      smtpsPort: 465,
      imapPort: 143,
      imapsPort: 993,
    });
    expect(() => config({ ...env, GATEWAY_SMTP_PORT: '70000' })).toThrow(/GATEWAY_SMTP_PORT/);
  });

  it('reads the VAPID key pair of Web Push, and refuses a half pair or a key of the wrong length', () => {
    const vapid = config(env).webPush;
    expect(vapid?.publicKey).toBe(env.VAPID_PUBLIC_KEY);
    expect(vapid?.subject).toBe('mailto:postmaster@pli.mssante.fr');
    expect(
      config({ ...env, PUBLIC_URL: 'https://pli.example.fr', VAPID_SUBJECT: undefined }).webPush
        ?.subject,
    ).toBe('https://pli.example.fr');
    expect(config({ ...env, VAPID_PUBLIC_KEY: '', VAPID_PRIVATE_KEY: '' }).webPush).toBeNull();
    expect(() => config({ ...env, VAPID_PRIVATE_KEY: '' })).toThrow(/VAPID/);
    expect(() => config({ ...env, VAPID_PUBLIC_KEY: 'AAAA' })).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() => config({ ...env, VAPID_PRIVATE_KEY: 'AAAA' })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() => config({ ...env, VAPID_SUBJECT: 'ftp://x' })).toThrow(/VAPID_SUBJECT/);
  });

  it('parses an env object once', () => {
    const own = { ...env };
    expect(config(own)).toBe(config(own));
  });
});
