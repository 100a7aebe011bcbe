/**
 * The onboarding of a practitioner's first login through Pro Santé Connect: CGU, a
 * verified personal (non-MSSanté) email, an optional mobile, directory choices, then the
 * BAL is created.
 *
 * @example
 * const status = await api<OnboardingStatus>('/api/onboarding');
 * if (status.allowed) await api('/api/onboarding/email', { method: 'POST', body: { email } });
 */
import * as v from 'valibot';

/** `GET /api/onboarding`. */
export interface OnboardingStatus {
  /** False for an identity without a professional practice: it may not create a BAL. */
  allowed: boolean;
  /** Why not, in French, when not allowed. */
  refusal: string | null;
  cgu: { version: string; title: string; body: string };
  /** The address the BAL will get. */
  proposedAddress: string | null;
  profession: string | null;
  email: { address: string | null; verified: boolean };
}

/** `POST /api/onboarding/email` body. */
export const OnboardingEmailRequestSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(254)),
});

/** `POST /api/onboarding/email/verify` body. */
export const OnboardingEmailVerifySchema = v.object({
  code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/)),
});

/** `POST /api/onboarding/complete` body. */
export const OnboardingCompleteSchema = v.object({
  cguVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
  mobile: v.optional(
    v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^(\+33|0)[67]\d{8}$/, 'mobile'))),
  ),
  listeRouge: v.boolean(),
  publishPhone: v.boolean(),
});
export type OnboardingComplete = v.InferOutput<typeof OnboardingCompleteSchema>;

/** `POST /api/onboarding/complete` answer: the new BAL. */
export interface OnboardingDone {
  balId: string;
  address: string;
}
