/**
 * Body of `GET /api/health`.
 *
 * @example
 * const health: Health = await (await fetch('/api/health')).json();
 * if (health.status !== 'ok') showBanner();
 */
export interface Health {
  status: 'ok' | 'degraded';
  service: 'pli';
  version: string;
  environment: string;
  checks: { database: 'ok' | 'failed' };
  time: string;
}
