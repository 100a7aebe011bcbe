import { config } from '../../config.ts';
import type { Bindings } from '../../env.ts';
import { devSinkTransport } from './dev-sink.ts';
import { emailBindingTransport } from './email-binding.ts';
import { type SmtpConfig, smtpTransport } from './smtp.ts';
import type { Transport } from './transport.ts';

/** The SMTP settings of the environment, or an error naming the missing variable. */
export function smtpConfigOf(env: Bindings): SmtpConfig {
  if (!env.SMTP_HOST) throw new Error('SMTP_HOST is not set');
  const security = (env.SMTP_SECURITY ?? 'starttls') as SmtpConfig['security'];
  if (!['starttls', 'tls', 'plain'].includes(security)) throw new Error('bad SMTP_SECURITY');
  if (security === 'plain' && env.ENVIRONMENT !== 'development') {
    throw new Error('SMTP_SECURITY=plain is only allowed in development');
  }
  return {
    host: env.SMTP_HOST,
    port: Number(env.SMTP_PORT ?? (security === 'tls' ? 465 : 587)),
    security,
    username: env.SMTP_USERNAME || undefined,
    password: env.SMTP_PASSWORD || undefined,
    heloName: env.SMTP_HELO_NAME || config(env).firstOperatorDomain,
  };
}

/**
 * The configured transport (`OUTBOUND_TRANSPORT`): `dev-sink` (the default in
 * development), `smtp` or `email-binding`. Outside development there is no default: a
 * missing setting is an error, so mail is never silently recorded instead of sent.
 */
export function transportFor(env: Bindings): Transport {
  const name = env.OUTBOUND_TRANSPORT || (env.ENVIRONMENT === 'development' ? 'dev-sink' : '');
  switch (name) {
    case 'dev-sink':
      if (env.ENVIRONMENT !== 'development') throw new Error('dev-sink outside development');
      return devSinkTransport(env.DB);
    case 'smtp':
      return smtpTransport(smtpConfigOf(env));
    case 'email-binding':
      if (!env.SEND_EMAIL) throw new Error('SEND_EMAIL binding missing');
      return emailBindingTransport(env.SEND_EMAIL);
    default:
      throw new Error('OUTBOUND_TRANSPORT is not set');
  }
}

export type { OutgoingMail, Transport, TransportResult } from './transport.ts';
