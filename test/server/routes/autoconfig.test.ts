import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const get = (path: string) => exports.default.fetch(`http://pli.test${path}`);

describe('the mail client autoconfig', () => {
  it('tells Thunderbird the IMAP and SMTP submission servers for a Pli address, at both well-known places', async () => {
    for (const path of [
      '/.well-known/autoconfig/mail/config-v1.1.xml',
      '/mail/config-v1.1.xml?emailaddress=claire.martin%40medecin.pli.mssante.fr',
    ]) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
      const xml = await response.text();
      expect(xml).toContain('<domain>pli.mssante.fr</domain>');
      expect(xml).toMatch(
        /<outgoingServer type="smtp">\s*<hostname>[^<]+<\/hostname>\s*<port>1587<\/port>\s*<socketType>STARTTLS<\/socketType>/,
      );
      expect(xml).toMatch(/<port>1465<\/port>\s*<socketType>SSL<\/socketType>/);
      expect(xml).toContain('<username>%EMAILADDRESS%</username>');
      expect(xml).toMatch(
        /<incomingServer type="imap">\s*<hostname>[^<]+<\/hostname>\s*<port>1993<\/port>\s*<socketType>SSL<\/socketType>/,
      );
      expect(xml).toMatch(/<port>1143<\/port>\s*<socketType>STARTTLS<\/socketType>/);
    }
  });

  it('answers 404 for an address on another operator', async () => {
    const response = await get('/mail/config-v1.1.xml?emailaddress=someone%40gmail.com');
    expect(response.status).toBe(404);
  });
});
