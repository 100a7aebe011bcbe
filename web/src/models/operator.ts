import { signal } from '@preact/signals';
import type { CguPublish } from '../../../shared/account/cgu.ts';
import type { CsvError } from '../../../shared/account/medico-social-csv.ts';
import type {
  DailyStatsResponse,
  MedicoSocialImportResult,
} from '../../../shared/account/operator.ts';
import type { DirectoryImportStats } from '../../../shared/directory/api.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { loadBanner } from './account-notices.ts';
import { createModel } from './model.ts';

/**
 * The operator console: signals its sections read, actions they call. Nothing else talks
 * to `/api/operator/*` (the server refuses anyone but an operator; the home view shows the
 * console's button to operators only).
 */

/** The outcome of a section's last action, shown as a status or an alert. */
export interface Outcome {
  ok: boolean;
  text: string;
}

export interface StatsRow {
  day: string;
  activeUsers: number | null;
  actions: number | null;
  balsLive: number | null;
  delegationsLive: number | null;
}

export const {
  consoleOpen,
  medicoSocialResult,
  medicoSocialOutcome,
  publishedCgu,
  cguOutcome,
  bannerOutcome,
  stats,
  statsOutcome,
  directoryResult,
  directoryOutcome,
} = createModel({
  /** The console is open instead of the home's usual content. */
  consoleOpen: signal(false),
  medicoSocialResult: signal<MedicoSocialImportResult | null>(null),
  medicoSocialOutcome: signal<Outcome | null>(null),
  /** The version this operator just published (the shown current version). */
  publishedCgu: signal<string | null>(null),
  cguOutcome: signal<Outcome | null>(null),
  bannerOutcome: signal<Outcome | null>(null),
  stats: signal<StatsRow[] | null>(null),
  statsOutcome: signal<Outcome | null>(null),
  directoryResult: signal<DirectoryImportStats | null>(null),
  directoryOutcome: signal<Outcome | null>(null),
});

const CSV_REASONS: Record<CsvError['reason'], string> = {
  missing_field: 'champ obligatoire manquant (idNat, nom, prenom ou email)',
  invalid_id: 'identifiant national invalide',
  invalid_email: 'adresse électronique invalide',
  invalid_mobile: 'numéro de mobile invalide',
  duplicate: 'identifiant national en double dans le fichier',
};

/** The French reason a CSV row was refused. */
export const csvReasonText = (reason: string): string =>
  CSV_REASONS[reason as CsvError['reason']] ?? reason;

/** A `YYYY-MM-DD` day as French readers write it. */
export function frenchDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** The default statistics period: the 30 UTC days up to today. */
export function defaultPeriod(now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - 29 * 86_400_000), to: day(now) };
}

/**
 * A `datetime-local` field's value (local time) as the ISO timestamp the API takes;
 * `undefined` when empty or not a date.
 */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The daily totals as table rows: actions of every kind summed, absent figures null. */
export function statsRows(days: DailyStatsResponse['days']): StatsRow[] {
  return days.map(({ day, metrics }) => {
    const actionValues = Object.entries(metrics)
      .filter(([metric]) => metric.startsWith('actions:'))
      .map(([, value]) => value);
    return {
      day,
      activeUsers: metrics.active_users ?? null,
      actions: actionValues.length ? actionValues.reduce((a, b) => a + b, 0) : null,
      balsLive: metrics.bals_live ?? null,
      delegationsLive: metrics.delegations_live ?? null,
    };
  });
}

const failureText = (failure: unknown) =>
  failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';

/** Runs an action; its success text or its failure's French text becomes the outcome. */
async function run(
  outcome: typeof bannerOutcome,
  action: () => Promise<string | null>,
): Promise<boolean> {
  outcome.value = null;
  try {
    const done = await action();
    if (done) outcome.value = { ok: true, text: done };
    return true;
  } catch (failure) {
    outcome.value = { ok: false, text: failureText(failure) };
    return false;
  }
}

/** Imports a registration authority's CSV; the per-row result is kept for the table. */
export const importMedicoSocial = (file: Blob) =>
  run(medicoSocialOutcome, async () => {
    medicoSocialResult.value = null;
    const result = await api<MedicoSocialImportResult>('/api/operator/medico-social', {
      method: 'POST',
      raw: { data: await file.text(), type: 'text/csv; charset=utf-8' },
    });
    medicoSocialResult.value = result;
    return `Import terminé : ${result.created.length} compte(s) créé(s), ${result.skipped.length} déjà connu(s), ${result.errors.length} ligne(s) refusée(s).`;
  });

/** Publishes a new CGU version: every person must accept it at their next visit. */
export const publishCgu = (input: CguPublish) =>
  run(cguOutcome, async () => {
    const { version } = await api<{ version: string }>('/api/operator/cgu', {
      method: 'POST',
      body: input,
    });
    publishedCgu.value = version;
    return `Version ${version} publiée.`;
  });

/** Sets a maintenance banner (now, or from `startsAt`, until `endsAt`); shows it at once. */
export const setBanner = (input: { message: string; startsAt?: string; endsAt?: string }) =>
  run(bannerOutcome, async () => {
    await api<{ id: number }>('/api/operator/banner', { method: 'POST', body: input });
    await loadBanner();
    return 'Bandeau de maintenance enregistré.';
  });

/** Ends the banner in force. */
export const removeBanner = (id: number) =>
  run(bannerOutcome, async () => {
    await api<void>(`/api/operator/banner/${id}`, { method: 'DELETE' });
    await loadBanner();
    return 'Bandeau de maintenance retiré.';
  });

/** Reads the anonymous daily totals between two days (inclusive). */
export const loadStats = (from: string, to: string) =>
  run(statsOutcome, async () => {
    const query = new URLSearchParams({ from, to });
    const { days } = await api<DailyStatsResponse>(`/api/operator/stats?${query}`);
    stats.value = statsRows(days);
    return null;
  });

/** Imports a directory extract (the whole file is the request body). */
export const importDirectory = (file: Blob, allowMassRemoval: boolean) =>
  run(directoryOutcome, async () => {
    directoryResult.value = null;
    const query = allowMassRemoval ? '?allowMassRemoval=true' : '';
    directoryResult.value = await api<DirectoryImportStats>(
      `/api/operator/directory/import${query}`,
      { method: 'POST', raw: { data: file, type: file.type || 'text/plain' } },
    );
    return 'Import de l’annuaire terminé.';
  });
