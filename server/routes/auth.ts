import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  LoginRequestSchema,
  type LoginStart,
  type LogoutDone,
  type OtpChannel,
  OtpSendRequestSchema,
  OtpVerifyRequestSchema,
} from '../../shared/identity.ts';
import { BEFORE_CGU, requireAuth } from '../auth/authenticate.ts';
import { readContacts } from '../auth/contacts.ts';
import { clearAuthCookies, LOGIN_COOKIE, setLoginCookie } from '../auth/cookies.ts';
import { readCredentials, useTotpStep } from '../auth/credentials.ts';
import { openSession, ownBalId } from '../auth/login.ts';
import {
  attachCode,
  CHALLENGE_TTL_MS,
  type Challenge,
  createChallenge,
  deleteChallenge,
  readChallenge,
  spendWithCode,
} from '../auth/login-challenges.ts';
import { maskTarget, newCode } from '../auth/one-time-codes.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { loginIdentity } from '../auth/persons.ts';
import {
  assertNotLocked,
  clearEvents,
  clientIp,
  countEvent,
  IP_LIMIT,
  LOGIN_LIMIT,
  SEND_LIMIT,
} from '../auth/rate-limit.ts';
import { readBody } from '../auth/read-body.ts';
import { openSecret } from '../auth/sealed-secrets.ts';
import { deleteAllSessions, deleteSession } from '../auth/sessions.ts';
import { totpStep } from '../auth/totp.ts';
import type { AppEnv, Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { sendExternalEmail, sendSms } from '../outside/send.ts';
import { pscConfig } from '../psc/config.ts';
import { providerLogoutUrl } from '../psc/flow.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

/** Where a person's one-time code may go: verified email, mobile, authenticator app. */
async function channelsOf(db: D1Database, idNat: string) {
  const [contacts, credentials] = await Promise.all([
    readContacts(db, idNat),
    readCredentials(db, idNat),
  ]);
  const targets: Partial<Record<OtpChannel, string>> = {};
  if (contacts.email && contacts.emailVerified) targets.email = contacts.email;
  if (contacts.mobile) targets.sms = contacts.mobile;
  if (credentials.totpSecret) targets.totp = 'Application d’authentification';
  return { targets, totpSecret: credentials.totpSecret };
}

async function failure(
  env: Bindings,
  challengeOrKey: { loginKey: string; idNat: string | null },
  ip: string,
  detail: string,
) {
  const { locked } = await countEvent(env.DB, challengeOrKey.loginKey, LOGIN_LIMIT);
  await countEvent(env.DB, `ip:${ip}`, IP_LIMIT);
  await recordTrace(env.DB, {
    kind: 'login_failed',
    actorIdNat: challengeOrKey.idNat,
    balId: await ownBalId(env.DB, challengeOrKey.idNat),
    detail: locked ? `${detail}_locked` : detail,
  });
  return locked;
}

async function challengeOf(c: Context<AppEnv>) {
  const challenge = await readChallenge(c.env.DB, getCookie(c, LOGIN_COOKIE));
  if (!challenge) throw new ApiError('unauthenticated', 'Log in with your password first.');
  return challenge;
}

async function logoutTarget(env: Bindings, idToken: string | null): Promise<string> {
  const config = pscConfig(env);
  return (config && (await providerLogoutUrl(config, idToken))) || '/';
}

/**
 * The address + password + one-time code login, and logout. The same answers whether or
 * not an address exists; 5 wrong passwords or codes lock a login for 15 minutes.
 */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const { address, password } = await readBody(c, LoginRequestSchema);
    const ip = clientIp(c.req);
    const loginKey = `addr:${address.toLowerCase()}`;
    await assertNotLocked(c.env.DB, loginKey);
    await assertNotLocked(c.env.DB, `ip:${ip}`);
    const idNat = await loginIdentity(c.env.DB, address);
    const credentials = idNat ? await readCredentials(c.env.DB, idNat) : null;
    const ok = await verifyPassword(password, credentials?.password ?? null);
    if (!ok || !idNat) {
      await failure(c.env, { loginKey, idNat }, ip, 'password');
      throw new ApiError('invalid_credentials', 'Wrong address or password.');
    }
    const { targets } = await channelsOf(c.env.DB, idNat);
    const id = await createChallenge(c.env.DB, idNat, loginKey);
    setLoginCookie(c, id, CHALLENGE_TTL_MS);
    const masked: LoginStart['targets'] = {};
    for (const [channel, target] of Object.entries(targets) as [OtpChannel, string][]) {
      masked[channel] = channel === 'totp' ? target : maskTarget(target);
    }
    return c.json({
      otpChannels: Object.keys(targets) as OtpChannel[],
      targets: masked,
    } satisfies LoginStart);
  })
  .post('/otp/send', async (c) => {
    const { channel } = await readBody(c, OtpSendRequestSchema);
    const challenge = await challengeOf(c);
    await assertNotLocked(c.env.DB, challenge.loginKey);
    const { targets } = await channelsOf(c.env.DB, challenge.idNat);
    const target = targets[channel];
    if (!target) throw new ApiError('invalid_request', 'This channel is not available.');
    if (channel === 'totp') return c.body(null, 204);
    const sendKey = `send:${challenge.loginKey}`;
    const ipKey = `send-ip:${clientIp(c.req)}`;
    await assertNotLocked(c.env.DB, sendKey);
    await assertNotLocked(c.env.DB, ipKey);
    await countEvent(c.env.DB, sendKey, SEND_LIMIT);
    await countEvent(c.env.DB, ipKey, IP_LIMIT);
    const code = newCode();
    await attachCode(c.env.DB, challenge, channel, code);
    const text = `Votre code de connexion à Pli : ${code}. Il est valable 5 minutes. Ne le communiquez à personne.`;
    if (channel === 'email') {
      await sendExternalEmail(c.env, {
        to: target,
        subject: 'Votre code de connexion à Pli',
        text,
      });
    } else {
      await sendSms(c.env, { to: target, text });
    }
    await recordTrace(c.env.DB, {
      kind: 'otp_sent',
      actorIdNat: challenge.idNat,
      balId: await ownBalId(c.env.DB, challenge.idNat),
      detail: channel,
    });
    return c.body(null, 204);
  })
  .post('/otp/verify', async (c) => {
    const { code } = await readBody(c, OtpVerifyRequestSchema);
    const challenge: Challenge = await challengeOf(c);
    const ip = clientIp(c.req);
    await assertNotLocked(c.env.DB, challenge.loginKey);
    await assertNotLocked(c.env.DB, `ip:${ip}`);
    let method: 'password_otp' | 'totp' | null = null;
    if (await spendWithCode(c.env.DB, challenge, code)) {
      method = 'password_otp';
    } else {
      const { totpSecret } = await channelsOf(c.env.DB, challenge.idNat);
      const secret = totpSecret
        ? await openSecret(c.env.CREDENTIALS_KEY, challenge.idNat, totpSecret)
        : null;
      const step = secret ? totpStep(secret, code) : null;
      if (step !== null && (await useTotpStep(c.env.DB, challenge.idNat, step))) {
        await deleteChallenge(c.env.DB, challenge.idHash);
        method = 'totp';
      }
    }
    if (!method) {
      const locked = await failure(c.env, challenge, ip, 'code');
      if (locked) await deleteChallenge(c.env.DB, challenge.idHash);
      throw new ApiError(locked ? 'rate_limited' : 'invalid_code', 'Wrong or expired code.');
    }
    await clearEvents(c.env.DB, challenge.loginKey);
    await clearEvents(c.env.DB, `send:${challenge.loginKey}`);
    await openSession(c, { idNat: challenge.idNat, method });
    return c.json({ idNat: challenge.idNat });
  })
  .post('/logout', requireAuth(BEFORE_CGU), async (c) => {
    const auth = c.get('auth');
    // requireAuth() admits sessions only; this narrows the type.
    if (auth.via !== 'session') throw new ApiError('forbidden', 'Log out ends a session.');
    await deleteSession(c.env.DB, auth.sessionIdHash);
    clearAuthCookies(c);
    await recordTrace(c.env.DB, {
      kind: 'logout',
      actorIdNat: auth.idNat,
      balId: await ownBalId(c.env.DB, auth.idNat),
      channel: 'session',
    });
    return c.json({ redirectTo: await logoutTarget(c.env, auth.idToken) } satisfies LogoutDone);
  })
  .post('/logout-all', requireAuth(BEFORE_CGU), async (c) => {
    const auth = c.get('auth');
    await deleteAllSessions(c.env.DB, auth.idNat);
    clearAuthCookies(c);
    await recordTrace(c.env.DB, {
      kind: 'logout_all',
      actorIdNat: auth.idNat,
      balId: await ownBalId(c.env.DB, auth.idNat),
      channel: channelOf(auth),
    });
    const idToken = auth.via === 'session' ? auth.idToken : null;
    return c.json({ redirectTo: await logoutTarget(c.env, idToken) } satisfies LogoutDone);
  });
