import type { ScheduledJob } from '../handlers/scheduled.ts';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.ts';

/** Rate-limit rows untouched for a day are history. */
const RATE_LIMIT_KEEP_MS = 24 * 60 * 60_000;
const PSC_STATE_TTL_MS = 10 * 60_000;
/**
 * Expired device authorizations are kept an hour, so that a device still polling hears
 * `expired_token` rather than `invalid_grant`.
 */
const DEVICE_AUTHORIZATION_KEEP_MS = 60 * 60_000;

/**
 * Deletes what identity keeps only for a while: timed-out sessions, abandoned PSC round
 * trips and login steps, expired email codes, old rate-limit counters, device
 * authorizations expired for an hour, push subscriptions expired or whose credential is
 * gone (RFC 8620 section 7.2). Every 15 minutes.
 */
export const identityCleanupJob: ScheduledJob = {
  name: 'identity-cleanup',
  crons: ['*/15 * * * *'],
  async run(env, now) {
    const t = now.getTime();
    await env.DB.batch([
      env.DB.prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?').bind(
        t - SESSION_IDLE_MS,
        t - SESSION_ABSOLUTE_MS,
      ),
      env.DB.prepare('DELETE FROM psc_login_states WHERE created_at < ?').bind(
        t - PSC_STATE_TTL_MS,
      ),
      env.DB.prepare('DELETE FROM login_challenges WHERE expires_at < ?').bind(t),
      env.DB.prepare('DELETE FROM email_verifications WHERE expires_at < ?').bind(t),
      // Push subscriptions expired, or whose credential was revoked or ended.
      env.DB.prepare(
        `DELETE FROM push_subscriptions WHERE expires_at < ?
           OR (credential LIKE 'token:%' AND substr(credential, 7) NOT IN
                 (SELECT id FROM device_tokens WHERE revoked_at IS NULL))
           OR (credential LIKE 'session:%' AND substr(credential, 9) NOT IN
                 (SELECT id_hash FROM sessions))`,
      ).bind(t),
      env.DB.prepare('DELETE FROM device_authorizations WHERE expires_at < ?').bind(
        t - DEVICE_AUTHORIZATION_KEEP_MS,
      ),
      env.DB.prepare(
        'DELETE FROM rate_limits WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)',
      ).bind(t - RATE_LIMIT_KEEP_MS, t),
    ]);
  },
};
