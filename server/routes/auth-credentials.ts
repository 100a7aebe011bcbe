import { Hono } from 'hono';
import type { TraceKind } from '../../shared/account/traces.ts';
import {
  PasswordSetRequestSchema,
  TotpEnableRequestSchema,
  type TotpSetup,
} from '../../shared/identity.ts';
import { type AuthContext, requireAuth } from '../auth/authenticate.ts';
import {
  activateTotp,
  disableTotp,
  readCredentials,
  storePassword,
  storePendingTotp,
} from '../auth/credentials.ts';
import { ownBalId } from '../auth/login.ts';
import { assertPasswordPolicy, hashPassword } from '../auth/passwords.ts';
import { readBody } from '../auth/read-body.ts';
import { openSecret } from '../auth/sealed-secrets.ts';
import { newTotpSecret, totpStep } from '../auth/totp.ts';
import type { AppEnv, Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

/** Traces a change of one's own credentials, in one's own BAL's history. */
async function traceOwnChange(env: Bindings, auth: AuthContext, kind: TraceKind): Promise<void> {
  await recordTrace(env.DB, {
    kind,
    actorIdNat: auth.idNat,
    balId: await ownBalId(env.DB, auth.idNat),
    channel: channelOf(auth),
  });
}

/**
 * The holder's own credentials, from the settings: a password (>= 12 characters, not a
 * common one, PBKDF2) and TOTP. Only with a session: a device token cannot change them.
 */
export const credentialRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .put('/password', async (c) => {
    const { password } = await readBody(c, PasswordSetRequestSchema);
    assertPasswordPolicy(password);
    const auth = c.get('auth');
    await storePassword(c.env.DB, auth.idNat, await hashPassword(password));
    await traceOwnChange(c.env, auth, 'password_set');
    return c.body(null, 204);
  })
  .post('/totp', async (c) => {
    const auth = c.get('auth');
    const setup = newTotpSecret(auth.idNat);
    await storePendingTotp(c.env.DB, auth.idNat, setup.secret, c.env.CREDENTIALS_KEY);
    return c.json(setup satisfies TotpSetup);
  })
  .post('/totp/enable', async (c) => {
    const { code } = await readBody(c, TotpEnableRequestSchema);
    const auth = c.get('auth');
    const { totpPendingSecret } = await readCredentials(c.env.DB, auth.idNat);
    const pending = totpPendingSecret
      ? await openSecret(c.env.CREDENTIALS_KEY, auth.idNat, totpPendingSecret)
      : null;
    const step = pending ? totpStep(pending, code) : null;
    if (step === null) throw new ApiError('invalid_code', 'Wrong code.');
    await activateTotp(c.env.DB, auth.idNat, step);
    await traceOwnChange(c.env, auth, 'totp_enabled');
    return c.body(null, 204);
  })
  .delete('/totp', async (c) => {
    const auth = c.get('auth');
    await disableTotp(c.env.DB, auth.idNat);
    await traceOwnChange(c.env, auth, 'totp_disabled');
    return c.body(null, 204);
  });
