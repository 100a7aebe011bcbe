import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import {
  DEVICE_CLIENTS,
  DEVICE_CODE_GRANT_TYPE,
  type DeviceAuthorization,
  DeviceAuthorizationRequestSchema,
  type DeviceTokenError,
  type DeviceTokenErrorCode,
  type DeviceTokenGranted,
  DeviceTokenRequestSchema,
  deviceLabel,
  formatUserCode,
  normalizeUserCode,
  type PairingRequest,
  PairingRequestSchema,
  VERIFICATION_PATH,
} from '../../shared/device-flow.ts';
import { requireAuth } from '../auth/authenticate.ts';
import {
  createDeviceAuthorization,
  decideDevice,
  findPendingDevice,
  type PendingDevice,
  pollDevice,
} from '../auth/device-authorizations.ts';
import { createDeviceToken, revokeTokenItself } from '../auth/device-tokens.ts';
import { ownBalId } from '../auth/login.ts';
import {
  assertNotLocked,
  clearEvents,
  clientIp,
  countEvent,
  DEVICE_START_LIMIT,
  IP_LIMIT,
  PAIRING_LIMIT,
} from '../auth/rate-limit.ts';
import { decodeUtf8, isJsonContentType, readBody } from '../auth/read-body.ts';
import { config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { recordTrace } from '../storage/traces.ts';

/** The largest token request read (its fields are a grant type and a device code). */
const TOKEN_BODY_MAX_BYTES = 4096;

function tokenError(
  c: Context<AppEnv>,
  error: DeviceTokenErrorCode,
  description: string,
  extra: Record<string, number> = {},
) {
  const status = error === 'invalid_client' ? 401 : 400;
  return c.json(
    { error, error_description: description, ...extra } satisfies DeviceTokenError,
    status,
  );
}

/** The token request's fields: form-encoded (RFC 6749 §4.1.3) or JSON; null when unreadable. */
async function tokenFields(c: Context<AppEnv>): Promise<Record<string, unknown> | null> {
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > TOKEN_BODY_MAX_BYTES) return null;
  const text = decodeUtf8(bytes);
  if (text === null) return null;
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    // A parameter given twice makes the request invalid (RFC 6749 §3.2).
    const fields: Record<string, string> = {};
    let repeated = false;
    new URLSearchParams(text).forEach((value, name) => {
      if (Object.hasOwn(fields, name)) repeated = true;
      fields[name] = value;
    });
    return repeated ? null : fields;
  }
  if (isJsonContentType(c.req.header('Content-Type'))) {
    try {
      const raw: unknown = JSON.parse(text);
      return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The device side of the pairing (RFC 8628), called by the extension and authenticated by
 * the device code alone, so `app.ts` mounts it before the CSRF check:
 * - `POST /auth/device`: opens an authorization (project error codes; 30 per IP per
 *   15 minutes);
 * - `POST /auth/device/token`: the device's poll, answered in RFC 6749/8628 JSON;
 * - `POST /auth/device/revoke`: the device signing out revokes its own token (RFC 7009:
 *   `token=…`, 200 whether or not it was live).
 */
export const deviceFlowRoutes = new Hono<AppEnv>()
  .post('/', async (c) => {
    const device = await readBody(c, DeviceAuthorizationRequestSchema);
    const ipKey = `device-ip:${clientIp(c.req)}`;
    await assertNotLocked(c.env.DB, ipKey);
    await countEvent(c.env.DB, ipKey, DEVICE_START_LIMIT);
    const created = await createDeviceAuthorization(c.env.DB, device);
    const verificationUri = `${config(c.env).publicUrl}${VERIFICATION_PATH}`;
    const shown = formatUserCode(created.userCode);
    return c.json({
      device_code: created.deviceCode,
      user_code: shown,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}#code=${shown}`,
      expires_in: Math.round((created.expiresAt - Date.now()) / 1000),
      interval: created.intervalMs / 1000,
    } satisfies DeviceAuthorization);
  })
  .post('/token', async (c) => {
    const fields = await tokenFields(c);
    const parsed = fields && v.safeParse(DeviceTokenRequestSchema, fields);
    if (!parsed?.success) return tokenError(c, 'invalid_request', 'Malformed token request.');
    const request = parsed.output;
    if (request.grant_type !== DEVICE_CODE_GRANT_TYPE) {
      return tokenError(c, 'unsupported_grant_type', 'Only the device code grant is served.');
    }
    if (
      request.client_id !== undefined &&
      !(DEVICE_CLIENTS as readonly string[]).includes(request.client_id)
    ) {
      return tokenError(c, 'invalid_client', 'Unknown client.');
    }
    const outcome = await pollDevice(c.env.DB, request.device_code);
    switch (outcome.kind) {
      case 'invalid_grant':
        return tokenError(c, 'invalid_grant', 'Unknown or already used device code.');
      case 'expired_token':
        return tokenError(c, 'expired_token', 'The device code expired; start again.');
      case 'slow_down':
        return tokenError(c, 'slow_down', 'Polling too fast.', {
          interval: outcome.intervalMs / 1000,
        });
      case 'authorization_pending':
        return tokenError(c, 'authorization_pending', 'Not approved yet.');
      case 'access_denied':
        return tokenError(c, 'access_denied', 'The person refused this device.');
      case 'approved': {
        const created = await createDeviceToken(c.env.DB, outcome.idNat, deviceLabel(outcome));
        await recordTrace(c.env.DB, {
          kind: 'token_created',
          actorIdNat: outcome.idNat,
          balId: await ownBalId(c.env.DB, outcome.idNat),
          channel: 'device_flow',
          detail: created.id,
        });
        return c.json({
          access_token: created.token,
          token_type: 'Bearer',
          device_id: created.id,
        } satisfies DeviceTokenGranted);
      }
    }
  })
  .post('/revoke', async (c) => {
    const fields = await tokenFields(c);
    const token = fields?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
      return tokenError(c, 'invalid_request', 'Malformed revocation request.');
    }
    const revoked = await revokeTokenItself(c.env.DB, token);
    if (revoked) {
      await recordTrace(c.env.DB, {
        kind: 'token_revoked',
        actorIdNat: revoked.idNat,
        balId: await ownBalId(c.env.DB, revoked.idNat),
        channel: `token:${revoked.id}`,
        detail: revoked.id,
      });
    }
    return c.body(null, 200);
  });

const shownRequest = (device: PendingDevice): PairingRequest => ({
  client: device.client,
  browser: device.browser,
  label: deviceLabel(device),
  createdAt: new Date(device.createdAt).toISOString(),
  expiresAt: new Date(device.expiresAt).toISOString(),
});

/**
 * A user code from the body, in canonical form; every unknown, malformed, expired or
 * already decided code counts against the person (10 per 15 minutes) and their IP.
 */
async function userCodeOf(c: Context<AppEnv>) {
  const { userCode } = await readBody(c, PairingRequestSchema);
  const idNat = c.get('auth').idNat;
  const personKey = `pair:${idNat}`;
  const ipKey = `pair-ip:${clientIp(c.req)}`;
  await assertNotLocked(c.env.DB, personKey);
  await assertNotLocked(c.env.DB, ipKey);
  const miss = async (): Promise<never> => {
    await countEvent(c.env.DB, personKey, PAIRING_LIMIT);
    await countEvent(c.env.DB, ipKey, IP_LIMIT);
    throw new ApiError('not_found', 'No such pairing request, or it expired.');
  };
  return { code: normalizeUserCode(userCode) ?? (await miss()), idNat, miss, personKey };
}

/**
 * The person's side of the pairing, in the PWA: which device asks for a user code, and the
 * decision. Session only (a device token cannot approve devices) and CSRF-checked.
 */
export const pairingRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/lookup', async (c) => {
    const { code, miss } = await userCodeOf(c);
    const device = (await findPendingDevice(c.env.DB, code)) ?? (await miss());
    return c.json(shownRequest(device));
  })
  .post('/approve', (c) => decide(c, 'approved'))
  .post('/refuse', (c) => decide(c, 'denied'));

async function decide(c: Context<AppEnv>, decision: 'approved' | 'denied') {
  const { code, idNat, miss, personKey } = await userCodeOf(c);
  const device = (await decideDevice(c.env.DB, code, idNat, decision)) ?? (await miss());
  await clearEvents(c.env.DB, personKey);
  await recordTrace(c.env.DB, {
    kind: decision === 'approved' ? 'pairing_approved' : 'pairing_refused',
    actorIdNat: idNat,
    balId: await ownBalId(c.env.DB, idNat),
    channel: 'session',
    detail: device.id,
  });
  return c.json(shownRequest(device));
}
