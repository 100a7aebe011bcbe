import * as v from 'valibot';

/**
 * The account settings API (`/api/settings`). Password and TOTP are changed through
 * `/api/credentials` (identity); this API reports whether TOTP is on.
 *
 * @example
 * const s: AccountSettings = await api('/api/settings');
 * await api('/api/settings/notices', { method: 'PUT', body: { enabled: true, channel: 'sms' } });
 */
export interface AccountSettings {
  email: { address: string | null; verified: boolean };
  mobile: string | null;
  newsletter: boolean;
  notices: { enabled: boolean; channel: 'email' | 'sms' };
  totp: { enabled: boolean };
  /** The directory choices of each BAL the person holds. */
  directory: { balId: string; address: string; listeRouge: boolean; publishPhone: boolean }[];
  cgu: {
    current: string | null;
    accepted: { version: string; title: string; acceptedAt: string }[];
  };
}

/** `PUT /api/settings/notices`. */
export const NoticeSettingsSchema = v.object({
  enabled: v.boolean(),
  channel: v.picklist(['email', 'sms']),
});

/** `PUT /api/settings/newsletter`. */
export const NewsletterSettingsSchema = v.object({ subscribed: v.boolean() });

/** A French mobile number, `06…`/`07…` or `+336…`/`+337…`. */
export const MobileSchema = v.pipe(v.string(), v.trim(), v.regex(/^(\+33|0)[67]\d{8}$/));

/** `PUT /api/settings/mobile`: a number, or null to remove it. */
export const MobileSettingsSchema = v.object({ mobile: v.nullable(MobileSchema) });

/** `PUT /api/settings/directory`: the directory choices of one BAL the caller holds. */
export const DirectorySettingsSchema = v.object({
  bal: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(254)),
  listeRouge: v.boolean(),
  publishPhone: v.boolean(),
});

/** `POST /api/settings/email`: a new external address, verified by a code before use. */
export const EmailChangeSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email(), v.maxLength(254)),
});

/** `POST /api/settings/email/verify`. */
export const EmailVerifySchema = v.object({
  code: v.pipe(v.string(), v.trim(), v.regex(/^\d{6}$/)),
});

/** `POST /api/account/delete-bal`: the BAL, and its address typed again to confirm. */
export const BalDeletionSchema = v.object({
  bal: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(254)),
  confirm: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254)),
});
