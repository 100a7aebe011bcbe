import {
  DEVICE_CODE_TTL_SECONDS,
  DEVICE_POLL_INTERVAL_SECONDS,
  DEVICE_SLOW_DOWN_SECONDS,
  type DeviceBrowser,
  type DeviceClient,
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
} from '../../shared/device-flow.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** The device code's readable prefix. */
export const DEVICE_CODE_PREFIX = 'pli_dc_';

/** A device authorization as the person deciding on it sees it. */
export interface PendingDevice {
  id: string;
  client: DeviceClient;
  browser: DeviceBrowser;
  createdAt: number;
  expiresAt: number;
}

interface Row {
  id: string;
  client: DeviceClient;
  browser: DeviceBrowser;
  status: 'pending' | 'approved' | 'denied' | 'issued';
  id_nat: string | null;
  interval_ms: number;
  last_polled_at: number | null;
  created_at: number;
  expires_at: number;
}

const pending = (row: Row): PendingDevice => ({
  id: row.id,
  client: row.client,
  browser: row.browser,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** A uniformly random user code over the alphabet (rejection sampling, no modulo bias). */
export function newUserCode(): string {
  const size = USER_CODE_ALPHABET.length;
  const limit = Math.floor(256 / size) * size;
  let code = '';
  const bytes = new Uint8Array(16);
  while (code.length < USER_CODE_LENGTH) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < limit && code.length < USER_CODE_LENGTH) code += USER_CODE_ALPHABET[byte % size];
    }
  }
  return code;
}

/**
 * Opens a device authorization: a 256-bit device code (the device's secret) and a short
 * user code (what the person types or follows), both stored hashed, 10 minutes. A user code
 * colliding with a stored one is drawn again.
 */
export async function createDeviceAuthorization(
  db: D1Database,
  device: { client: DeviceClient; browser: DeviceBrowser },
  now = Date.now(),
): Promise<{ deviceCode: string; userCode: string; expiresAt: number; intervalMs: number }> {
  const intervalMs = DEVICE_POLL_INTERVAL_SECONDS * 1000;
  const expiresAt = now + DEVICE_CODE_TTL_SECONDS * 1000;
  for (let attempt = 0; ; attempt += 1) {
    const deviceCode = newSecret(DEVICE_CODE_PREFIX);
    const userCode = newUserCode();
    const taken = await db
      .prepare('SELECT 1 FROM device_authorizations WHERE user_code_hash = ?')
      .bind(await hashSecret(userCode))
      .first();
    if (taken && attempt < 5) continue;
    await db
      .prepare(
        `INSERT INTO device_authorizations
           (id, device_code_hash, user_code_hash, client, browser, status, interval_ms, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      )
      .bind(
        crypto.randomUUID(),
        await hashSecret(deviceCode),
        await hashSecret(userCode),
        device.client,
        device.browser,
        intervalMs,
        now,
        expiresAt,
      )
      .run();
    return { deviceCode, userCode, expiresAt, intervalMs };
  }
}

/** The live, undecided authorization of a (canonical) user code, or null. */
export async function findPendingDevice(
  db: D1Database,
  userCode: string,
  now = Date.now(),
): Promise<PendingDevice | null> {
  const row = await db
    .prepare(
      "SELECT * FROM device_authorizations WHERE user_code_hash = ? AND status = 'pending' AND expires_at > ?",
    )
    .bind(await hashSecret(userCode), now)
    .first<Row>();
  return row ? pending(row) : null;
}

/**
 * The person's decision on a user code: approved (for them) or denied. One atomic UPDATE
 * of a pending, live row: a code is decided once, and never after it expired.
 */
export async function decideDevice(
  db: D1Database,
  userCode: string,
  idNat: string,
  decision: 'approved' | 'denied',
  now = Date.now(),
): Promise<PendingDevice | null> {
  const row = await db
    .prepare(
      `UPDATE device_authorizations SET status = ?, id_nat = ?, decided_at = ?
       WHERE user_code_hash = ? AND status = 'pending' AND expires_at > ?
       RETURNING *`,
    )
    .bind(decision, idNat, now, await hashSecret(userCode), now)
    .first<Row>();
  return row ? pending(row) : null;
}

/** What a poll of the token endpoint comes to (RFC 8628 §3.5). */
export type PollOutcome =
  | { kind: 'invalid_grant' }
  | { kind: 'expired_token' }
  | { kind: 'slow_down'; intervalMs: number }
  | { kind: 'authorization_pending' }
  | { kind: 'access_denied' }
  | { kind: 'approved'; idNat: string; client: DeviceClient; browser: DeviceBrowser };

/**
 * One poll by the device. Unknown or already spent codes are `invalid_grant`; past their
 * life, `expired_token`; a poll sooner than the interval after the previous one is
 * `slow_down` and adds 5 s to the interval for good. An approved code is spent by this
 * very poll (one atomic UPDATE to `issued`): the token is handed out once.
 */
export async function pollDevice(
  db: D1Database,
  deviceCode: string,
  now = Date.now(),
): Promise<PollOutcome> {
  const hash = await hashSecret(deviceCode);
  const row = await db
    .prepare('SELECT * FROM device_authorizations WHERE device_code_hash = ?')
    .bind(hash)
    .first<Row>();
  if (!row || row.status === 'issued') return { kind: 'invalid_grant' };
  if (row.expires_at <= now) return { kind: 'expired_token' };
  const onTime = await db
    .prepare(
      `UPDATE device_authorizations SET last_polled_at = ?1
       WHERE id = ?2 AND (last_polled_at IS NULL OR ?1 - last_polled_at >= interval_ms)
       RETURNING status`,
    )
    .bind(now, row.id)
    .first<Pick<Row, 'status'>>();
  if (!onTime) {
    const slowed = await db
      .prepare(
        'UPDATE device_authorizations SET last_polled_at = ?, interval_ms = interval_ms + ? WHERE id = ? RETURNING interval_ms',
      )
      .bind(now, DEVICE_SLOW_DOWN_SECONDS * 1000, row.id)
      .first<Pick<Row, 'interval_ms'>>();
    return { kind: 'slow_down', intervalMs: slowed?.interval_ms ?? row.interval_ms };
  }
  if (onTime.status === 'pending') return { kind: 'authorization_pending' };
  if (onTime.status === 'denied') return { kind: 'access_denied' };
  const spent = await db
    .prepare(
      "UPDATE device_authorizations SET status = 'issued' WHERE id = ? AND status = 'approved' RETURNING id_nat",
    )
    .bind(row.id)
    .first<Pick<Row, 'id_nat'>>();
  if (!spent?.id_nat) return { kind: 'invalid_grant' };
  return { kind: 'approved', idNat: spent.id_nat, client: row.client, browser: row.browser };
}
