import { browser, storage } from '#imports';
import {
  DEVICE_CODE_GRANT_TYPE,
  type DeviceAuthorization,
  type DeviceBrowser,
  type DeviceTokenGranted,
  deviceLabel,
} from '../../shared/device-flow.ts';
import { serverUrl } from './settings.ts';

/**
 * The pairing with Pli (RFC 8628 device authorization grant) and the device token it
 * gives. Only the background calls these functions: the token is read from storage here
 * and sent to the Pli server only, never to a page, the popup included (the popup reads
 * `pairedAccount`, `pairingInProgress` and `pairingProblem`).
 */

/** A pairing waiting for the person's decision in the PWA. */
export interface PairingInProgress {
  deviceCode: string;
  /** As shown by Pli and the PWA: `XXXX-XXXX`. */
  userCode: string;
  verificationUriComplete: string;
  intervalMs: number;
  /** No poll before this time (the interval since the last answer). */
  nextPollAt: number;
  expiresAt: number;
}

/** What the popup shows of a paired extension. */
export interface PairedAccount {
  /** The person's login address, from the JMAP session. */
  username: string;
  /** The name in the PWA's device list, e.g. `Extension Pli — Chrome`. */
  label: string;
  deviceId: string;
}

/** Why the extension is not (or no longer) paired. */
export type PairingProblem = 'refused' | 'expired' | 'revoked' | 'unreachable' | 'failed';

/** The device token: read by the background only. */
export const deviceToken = storage.defineItem<string>('local:deviceToken');
export const pairedAccount = storage.defineItem<PairedAccount>('local:pairedAccount');
export const pairingInProgress = storage.defineItem<PairingInProgress>('local:pairing');
export const pairingProblem = storage.defineItem<PairingProblem>('local:pairingProblem');

/** The browser this extension runs in, from the closed list Pli accepts. */
export function detectBrowser(): DeviceBrowser {
  if (import.meta.env.FIREFOX) return 'Firefox';
  const data = (navigator as { userAgentData?: { brands?: { brand: string }[] } }).userAgentData;
  const brands = data?.brands?.map((b) => b.brand) ?? [];
  if (brands.includes('Microsoft Edge')) return 'Edge';
  if (brands.includes('Opera')) return 'Opera';
  if (brands.includes('Brave')) return 'Brave';
  if (brands.includes('Google Chrome')) return 'Chrome';
  return 'Chromium';
}

/** Forgets the token and what the popup shows of it; `problem` says why, if anything. */
async function forgetPairing(problem: PairingProblem | null): Promise<void> {
  await deviceToken.removeValue();
  await pairedAccount.removeValue();
  await pairingInProgress.removeValue();
  if (problem) await pairingProblem.setValue(problem);
  else await pairingProblem.removeValue();
}

/**
 * "Appairer": asks Pli for a device code and opens the PWA's verification page with the
 * user code. Polling starts with `pollPairing`.
 */
export async function startPairing(): Promise<PairingInProgress | null> {
  const server = await serverUrl.getValue();
  let started: DeviceAuthorization;
  try {
    const response = await fetch(`${server}/auth/device`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client: 'extension', browser: detectBrowser() }),
    });
    if (!response.ok) {
      await pairingProblem.setValue('failed');
      return null;
    }
    started = (await response.json()) as DeviceAuthorization;
  } catch {
    await pairingProblem.setValue('unreachable');
    return null;
  }
  const page = new URL(started.verification_uri_complete);
  if (page.protocol !== 'https:' && page.protocol !== 'http:') {
    await pairingProblem.setValue('failed');
    return null;
  }
  const now = Date.now();
  const pairing: PairingInProgress = {
    deviceCode: started.device_code,
    userCode: started.user_code,
    verificationUriComplete: page.href,
    intervalMs: started.interval * 1000,
    nextPollAt: now + started.interval * 1000,
    expiresAt: now + started.expires_in * 1000,
  };
  await forgetPairing(null);
  await pairingInProgress.setValue(pairing);
  await browser.tabs.create({ url: pairing.verificationUriComplete });
  return pairing;
}

/** "Annuler": stops waiting for the person's decision. */
export async function cancelPairing(): Promise<void> {
  await pairingInProgress.removeValue();
}

/** Reads the JMAP session with the token; a 401 (revoked) leaves the extension unpaired. */
export async function jmapFetch(path: string, init: RequestInit = {}): Promise<Response | null> {
  const token = await deviceToken.getValue();
  if (!token) return null;
  const server = await serverUrl.getValue();
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  const response = await fetch(`${server}${path}`, { ...init, headers });
  if (response.status === 401) await forgetPairing('revoked');
  return response;
}

/** Checks that the token still opens the JMAP session ("Déconnecté" once revoked). */
export async function checkConnection(): Promise<void> {
  try {
    const response = await jmapFetch('/.well-known/jmap');
    if (!response?.ok) return;
    const session = (await response.json()) as { username?: string };
    const account = await pairedAccount.getValue();
    if (account && session.username && session.username !== account.username) {
      await pairedAccount.setValue({ ...account, username: session.username });
    }
  } catch {
    // Pli unreachable: the pairing stands; the next check will tell.
  }
}

let polling = false;

/**
 * One step of the polling: at most one token request, and only once the interval since
 * the previous answer has passed (`slow_down` lengthens it as Pli asks). Returns the
 * milliseconds until the next step, or null once the pairing is over (paired, refused,
 * expired, cancelled).
 */
export async function pollPairing(): Promise<number | null> {
  if (polling) return null;
  polling = true;
  try {
    return await pollStep();
  } finally {
    polling = false;
  }
}

async function pollStep(): Promise<number | null> {
  const pairing = await pairingInProgress.getValue();
  if (!pairing) return null;
  if (Date.now() >= pairing.expiresAt) {
    await forgetPairing('expired');
    return null;
  }
  const wait = pairing.nextPollAt - Date.now();
  if (wait > 0) return wait;
  const server = await serverUrl.getValue();
  let status = 0;
  let body: Partial<DeviceTokenGranted> & { error?: string; interval?: number } = {};
  try {
    const response = await fetch(`${server}/auth/device/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: DEVICE_CODE_GRANT_TYPE,
        device_code: pairing.deviceCode,
        client_id: 'extension',
      }).toString(),
    });
    status = response.status;
    body = (await response.json().catch(() => ({}))) as typeof body;
  } catch {
    // Pli unreachable: try again after the interval.
  }
  // Still the same pairing? ("Annuler" or a new "Appairer" meanwhile.)
  const current = await pairingInProgress.getValue();
  if (current?.deviceCode !== pairing.deviceCode) return null;
  // Counted from the answer, so two requests never reach Pli closer than the interval.
  const answeredAt = Date.now();
  if (status === 200 && typeof body.access_token === 'string') {
    await deviceToken.setValue(body.access_token);
    await pairingInProgress.removeValue();
    await pairingProblem.removeValue();
    await pairedAccount.setValue({
      username: '',
      label: deviceLabel({ client: 'extension', browser: detectBrowser() }),
      deviceId: body.device_id ?? '',
    });
    await checkConnection();
    return null;
  }
  if (body.error === 'access_denied') {
    await forgetPairing('refused');
    return null;
  }
  if (body.error === 'expired_token') {
    await forgetPairing('expired');
    return null;
  }
  // Not answered (offline), pending or slowed down: wait, then ask again.
  if (status === 0 || body.error === 'authorization_pending' || body.error === 'slow_down') {
    let intervalMs = pairing.intervalMs;
    if (body.error === 'slow_down') {
      intervalMs = typeof body.interval === 'number' ? body.interval * 1000 : intervalMs + 5000;
    }
    await pairingInProgress.setValue({
      ...pairing,
      intervalMs,
      nextPollAt: answeredAt + intervalMs,
    });
    return intervalMs;
  }
  await forgetPairing('failed');
  return null;
}

/** "Se déconnecter": Pli revokes the token (RFC 7009), and the extension forgets it. */
export async function signOut(): Promise<void> {
  const token = await deviceToken.getValue();
  if (token) {
    try {
      const server = await serverUrl.getValue();
      await fetch(`${server}/auth/device/revoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
    } catch {
      // Unreachable: the token is forgotten here; it can still be revoked in the PWA.
    }
  }
  await forgetPairing(null);
}
