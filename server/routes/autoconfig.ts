import { type Context, Hono } from 'hono';
import { parseAddress } from '../../shared/mssante/address.ts';
import { isOperatorDomain } from '../../shared/mssante/trust-space.ts';
import { config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch,
  );

/**
 * Mozilla's autoconfig document (config-v1.1.xml, as Thunderbird reads it) for Pli's
 * operator domains: IMAP and SMTP submission, each with STARTTLS and over implicit TLS
 * (the implicit TLS ones first: Thunderbird prefers the first server of each kind),
 * logging in with the full address and an application password.
 */
export function autoconfigXml(input: {
  domains: readonly string[];
  host: string;
  smtpPort: number;
  smtpsPort: number;
  imapPort: number;
  imapsPort: number;
}): string {
  const host = escapeXml(input.host);
  const incoming = (
    port: number,
    socketType: 'STARTTLS' | 'SSL',
  ) => `    <incomingServer type="imap">
      <hostname>${host}</hostname>
      <port>${port}</port>
      <socketType>${socketType}</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </incomingServer>`;
  const outgoing = (
    port: number,
    socketType: 'STARTTLS' | 'SSL',
  ) => `    <outgoingServer type="smtp">
      <hostname>${host}</hostname>
      <port>${port}</port>
      <socketType>${socketType}</socketType>
      <authentication>password-cleartext</authentication>
      <username>%EMAILADDRESS%</username>
    </outgoingServer>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="${escapeXml(input.domains[0] ?? '')}">
${input.domains.map((d) => `    <domain>${escapeXml(d)}</domain>`).join('\n')}
    <displayName>Pli (MSSanté)</displayName>
    <displayShortName>Pli</displayShortName>
${incoming(input.imapsPort, 'SSL')}
${incoming(input.imapPort, 'STARTTLS')}
${outgoing(input.smtpPort, 'STARTTLS')}
${outgoing(input.smtpsPort, 'SSL')}
  </emailProvider>
</clientConfig>
`;
}

function serve(c: Context<AppEnv>) {
  const { operatorDomains, mailAccess } = config(c.env);
  const given = c.req.query('emailaddress');
  if (given !== undefined) {
    // Only Pli's own addresses (any profession subdomain) are configured here.
    const parsed = parseAddress(given);
    if (!parsed || !isOperatorDomain(parsed.domain, operatorDomains)) {
      throw new ApiError('not_found', 'No configuration for this address.');
    }
  }
  const domains = [...operatorDomains];
  const parsedDomain = given ? parseAddress(given)?.domain : undefined;
  if (parsedDomain && !domains.includes(parsedDomain)) domains.push(parsedDomain);
  return c.body(autoconfigXml({ domains, ...mailAccess }), 200, {
    'Content-Type': 'application/xml; charset=utf-8',
    'Cache-Control': 'public, max-age=3600',
  });
}

/**
 * `/.well-known/autoconfig/mail/config-v1.1.xml` and `/mail/config-v1.1.xml?emailaddress=`
 * (the two places Thunderbird looks), public: the document names servers, never a person.
 */
export const autoconfigRoutes = new Hono<AppEnv>()
  .get('/.well-known/autoconfig/mail/config-v1.1.xml', serve)
  .get('/mail/config-v1.1.xml', serve);
