import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The development relay key of wrangler.toml (a Worker secret in production). */
export function devInboundSecret(): string {
  const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  const secret = /^INBOUND_HMAC_SECRET = "([^"]+)"/m.exec(toml)?.[1];
  if (!secret) throw new Error('no INBOUND_HMAC_SECRET in wrangler.toml');
  return secret;
}

/**
 * Posts a raw message to `POST /inbound` as a relay MTA does: envelope headers, a
 * timestamp, and the HMAC-SHA256 signature of `shared/mssante/inbound.ts`.
 */
export function postInbound(
  baseUrl: string,
  raw: string | Uint8Array,
  mailFrom: string,
  rcptTo: string,
) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = Buffer.from(raw);
  const mac = createHmac('sha256', devInboundSecret())
    .update(`${timestamp}\n${mailFrom}\n${rcptTo}\n`)
    .update(body)
    .digest('hex');
  return fetch(`${baseUrl}/inbound`, {
    method: 'POST',
    headers: {
      'X-Pli-Timestamp': timestamp,
      'X-Pli-Mail-From': mailFrom,
      'X-Pli-Rcpt-To': rcptTo,
      'X-Pli-Signature': `sha256=${mac}`,
    },
    body,
  });
}
