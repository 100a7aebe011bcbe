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

  it('parses an env object once', () => {
    const own = { ...env };
    expect(config(own)).toBe(config(own));
  });
});
