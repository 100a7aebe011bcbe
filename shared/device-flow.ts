/**
 * The device pairing of the browser extension: the OAuth 2.0 device authorization grant
 * (RFC 8628). The device asks `POST /auth/device`, the signed-in person approves or refuses
 * its user code in the PWA (`/api/pairing/*`), the device polls `POST /auth/device/token`.
 * Shapes, schemas and the user-code rules live here once, for the server, the PWA and the
 * extension.
 *
 * @example
 * const { user_code } = await (await fetch('/auth/device', { method: 'POST', body })).json();
 * normalizeUserCode('bcdf-ghjk'); // 'BCDFGHJK'
 * deviceLabel({ client: 'extension', browser: 'Chrome' }); // 'Extension Pli — Chrome'
 */
import * as v from 'valibot';

/**
 * The user code's alphabet: the 20 consonants RFC 8628 §6.1 suggests (no vowels, so no
 * words; no digits, so no 0/O or 1/I look-alikes). 8 of them give 20^8 ≈ 2.6 × 10^10 codes.
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
/** Characters in a user code (shown as two groups of four). */
export const USER_CODE_LENGTH = 8;
/** How long a device code and its user code live: 10 minutes. */
export const DEVICE_CODE_TTL_SECONDS = 600;
/** The polling interval first granted, in seconds. */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** What `slow_down` adds to the interval, in seconds (RFC 8628 §3.5). */
export const DEVICE_SLOW_DOWN_SECONDS = 5;
/** The grant type of the token request (RFC 8628 §3.4). */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** The PWA's verification page (`verification_uri`). */
export const VERIFICATION_PATH = '/appairer';

/** The kinds of device that may pair. */
export const DEVICE_CLIENTS = ['extension'] as const;
export type DeviceClient = (typeof DEVICE_CLIENTS)[number];
/**
 * Browsers a device may say it runs in: a closed list, so that the approval screen never
 * shows a text of the device's choosing.
 */
export const DEVICE_BROWSERS = [
  'Chrome',
  'Chromium',
  'Edge',
  'Brave',
  'Opera',
  'Firefox',
  'Safari',
] as const;
export type DeviceBrowser = (typeof DEVICE_BROWSERS)[number];

/** `POST /auth/device` body: which device asks. */
export const DeviceAuthorizationRequestSchema = v.object({
  client: v.picklist(DEVICE_CLIENTS),
  browser: v.picklist(DEVICE_BROWSERS),
});
export type DeviceAuthorizationRequest = v.InferOutput<typeof DeviceAuthorizationRequestSchema>;

/** `POST /auth/device` answer (RFC 8628 §3.2). */
export interface DeviceAuthorization {
  device_code: string;
  /** Shown as `XXXX-XXXX`. */
  user_code: string;
  verification_uri: string;
  /** The verification page with the user code in its fragment (never sent to a server). */
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** `POST /auth/device/token` success (RFC 6749 §5.1): a mail-only device token. */
export interface DeviceTokenGranted {
  access_token: string;
  token_type: 'Bearer';
  /** The device's entry in the person's device list (revocable there). */
  device_id: string;
}

/** The errors of the token endpoint (RFC 8628 §3.5, RFC 6749 §5.2). */
export const DEVICE_TOKEN_ERRORS = [
  'authorization_pending',
  'slow_down',
  'access_denied',
  'expired_token',
  'invalid_grant',
  'invalid_request',
  'invalid_client',
  'unsupported_grant_type',
] as const;
export type DeviceTokenErrorCode = (typeof DEVICE_TOKEN_ERRORS)[number];

/** `POST /auth/device/token` failure body. */
export interface DeviceTokenError {
  error: DeviceTokenErrorCode;
  error_description?: string;
}

/** The token request's fields (form-encoded per RFC 6749, JSON accepted too). */
export const DeviceTokenRequestSchema = v.object({
  grant_type: v.string(),
  device_code: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  client_id: v.optional(v.pipe(v.string(), v.maxLength(40))),
});

/** `/api/pairing/*` body: the user code as the person typed or received it. */
export const PairingRequestSchema = v.object({
  userCode: v.pipe(v.string(), v.maxLength(40)),
});

/** `POST /api/pairing/lookup` answer: which device asks, and until when. */
export interface PairingRequest {
  client: DeviceClient;
  browser: DeviceBrowser;
  /** The name it will have in the device list, e.g. `Extension Pli — Chrome`. */
  label: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * The canonical form of a typed user code: upper case, without dashes, spaces or other
 * separators; null when it cannot be a user code.
 *
 * @example
 * normalizeUserCode(' bcdf-ghjk '); // 'BCDFGHJK'
 * normalizeUserCode('AEIO-UAEI'); // null (not in the alphabet)
 */
export function normalizeUserCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s\-_.]/g, '');
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const char of code) if (!USER_CODE_ALPHABET.includes(char)) return null;
  return code;
}

/**
 * A canonical user code as shown: `XXXX-XXXX`.
 *
 * @example
 * formatUserCode('BCDFGHJK'); // 'BCDF-GHJK'
 */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * The device's name in the person's device list.
 *
 * @example
 * deviceLabel({ client: 'extension', browser: 'Firefox' }); // 'Extension Pli — Firefox'
 */
export function deviceLabel(device: { client: DeviceClient; browser: DeviceBrowser }): string {
  const kinds: Record<DeviceClient, string> = { extension: 'Extension Pli' };
  return `${kinds[device.client]} — ${device.browser}`;
}
