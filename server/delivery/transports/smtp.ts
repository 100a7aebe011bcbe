import { connect } from 'cloudflare:sockets';
import { base64Utf8 } from '../../bytes.ts';
import { dotStuff } from './dot-stuff.ts';
import { SmtpReplyError, SmtpSession } from './smtp-session.ts';
import type { OutgoingMail, Transport, TransportResult } from './transport.ts';

export interface SmtpConfig {
  host: string;
  port: number;
  /** `starttls` (upgrade required), `tls` (implicit TLS), `plain` (tests and development only). */
  security: 'starttls' | 'tls' | 'plain';
  username?: string;
  password?: string;
  heloName: string;
}

/** The extensions of an EHLO reply, upper case (`STARTTLS`, `AUTH PLAIN LOGIN`...). */
function extensions(lines: string[]): string[] {
  return lines.slice(1).map((l) => l.toUpperCase());
}

async function authenticate(session: SmtpSession, config: SmtpConfig, caps: string[]) {
  if (!config.username) return;
  const auth = caps.find((c) => c.startsWith('AUTH')) ?? '';
  const password = config.password ?? '';
  if (/\bPLAIN\b/.test(auth)) {
    await session.command(`AUTH PLAIN ${base64Utf8(`\0${config.username}\0${password}`)}`, 235);
  } else if (/\bLOGIN\b/.test(auth)) {
    await session.command('AUTH LOGIN', 334);
    await session.command(base64Utf8(config.username), 334);
    await session.command(base64Utf8(password), 235);
  } else {
    throw new SmtpReplyError(530, '530 no supported AUTH mechanism');
  }
}

async function converse(
  session: SmtpSession,
  config: SmtpConfig,
  mail: OutgoingMail,
): Promise<TransportResult> {
  await session.expect(220);
  let ehlo = await session.command(`EHLO ${config.heloName}`, 250);
  if (config.security === 'starttls') {
    if (!extensions(ehlo.lines).includes('STARTTLS')) {
      throw new SmtpReplyError(0, 'relay does not offer STARTTLS');
    }
    await session.command('STARTTLS', 220);
    session.startTls(config.host);
    ehlo = await session.command(`EHLO ${config.heloName}`, 250);
  }
  await authenticate(session, config, extensions(ehlo.lines));
  await session.command(`MAIL FROM:<${mail.mailFrom}>`, 250);
  for (const rcpt of mail.rcptTo) await session.command(`RCPT TO:<${rcpt}>`, 250, 251);
  await session.command('DATA', 354);
  await session.write(dotStuff(mail.raw));
  await session.expect(250);
  await session.command('QUIT', 221).catch(() => undefined);
  return { ok: true };
}

/**
 * Sends one message through an SMTP relay over `cloudflare:sockets`: greeting, EHLO,
 * STARTTLS (required unless the configuration says otherwise), AUTH PLAIN or LOGIN, MAIL,
 * RCPT, DATA with dot-stuffing, QUIT. 4xx replies, connection failures and a relay silent
 * for `timeoutMs` are temporary, 5xx permanent. Credentials are never sent before TLS
 * unless `security` is `plain`.
 */
export async function sendViaSmtp(
  config: SmtpConfig,
  mail: OutgoingMail,
  timeoutMs = 120_000,
): Promise<TransportResult> {
  const socket = connect(
    { hostname: config.host, port: config.port },
    {
      secureTransport:
        config.security === 'tls' ? 'on' : config.security === 'starttls' ? 'starttls' : 'off',
      allowHalfOpen: false,
    },
  );
  const session = new SmtpSession(socket);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmtpReplyError(0, 'relay timed out')), timeoutMs);
  });
  try {
    return await Promise.race([converse(session, config, mail), timeout]);
  } catch (error) {
    if (error instanceof SmtpReplyError) {
      return { ok: false, permanent: error.code >= 500 && error.code < 600, reply: error.reply };
    }
    return { ok: false, permanent: false, reply: 'connection failed' };
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}

/** The SMTP relay transport. */
export function smtpTransport(config: SmtpConfig): Transport {
  return { name: 'smtp', send: (mail) => sendViaSmtp(config, mail) };
}
