import * as v from 'valibot';

/**
 * The operator console API (`/api/operator/*`, operator role only) and the public banner.
 *
 * @example
 * const { banner }: BannerResponse = await api('/api/banner');
 */

/** `POST /api/operator/banner`: a maintenance banner, now (or from `startsAt`) until `endsAt`. */
export const BannerCreateSchema = v.object({
  message: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
  startsAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  endsAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
});

/** `GET /api/banner` (no authentication: the login page shows it too). */
export interface BannerResponse {
  banner: { id: number; message: string; endsAt: string | null } | null;
}

/** `POST /api/operator/medico-social` answer. */
export interface MedicoSocialImportResult {
  created: { idNat: string; address: string }[];
  /** idNats already known: left untouched. */
  skipped: string[];
  errors: { line: number; reason: string }[];
}

/** `GET /api/operator/stats?from=YYYY-MM-DD&to=YYYY-MM-DD`: anonymous daily totals. */
export interface DailyStatsResponse {
  days: { day: string; metrics: Record<string, number> }[];
}
