import { signal } from '@preact/signals';
import type { CguStatus } from '../../../shared/account/cgu.ts';
import type { BannerResponse } from '../../../shared/account/operator.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { createModel } from './model.ts';

/**
 * What the service asks of everyone before the mailbox: accepting new CGU, and the
 * operator's maintenance banner. Views read the signals and call the actions.
 */
/** The signed-in person's CGU status (forgotten at logout; the banner is everyone's). */
export const { cgu, cguError } = createModel({
  cgu: signal<CguStatus | null>(null),
  cguError: signal<string | null>(null),
});
export const banner = signal<BannerResponse['banner']>(null);

/** Reads the CGU status of the signed-in person (nothing to accept when unreachable). */
export async function loadCgu(): Promise<void> {
  try {
    cgu.value = await api<CguStatus>('/api/cgu');
  } catch {
    cgu.value = { current: null, accepted: true, mustAccept: false };
  }
}

/** Accepts the version shown. */
export async function acceptCgu(): Promise<void> {
  const version = cgu.value?.current?.version;
  if (!version) return;
  cguError.value = null;
  try {
    await api('/api/cgu/accept', { method: 'POST', body: { version } });
    await loadCgu();
  } catch (error) {
    cguError.value = error instanceof ApiFailure ? error.message : 'Une erreur est survenue.';
  }
}

/** Reads the maintenance banner in force, if any. */
export async function loadBanner(): Promise<void> {
  try {
    banner.value = (await api<BannerResponse>('/api/banner')).banner;
  } catch {
    banner.value = null;
  }
}
