/**
 * Size limits of the trust space.
 *
 * @example
 * if (rawSize > MAX_MESSAGE_BYTES) refuse('too_large');
 */

/** The largest message accepted inbound or sent: 25 MiB (Mon espace santé refuses more). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** The default storage quota of a BAL: 2 GB (2 GiB, as `bals.quota_bytes` defaults). */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 ** 3;

/**
 * Whether a message of `size` bytes fits a BAL holding `used` of `quota` bytes: exact to
 * the byte, a message that fills the BAL exactly fits.
 *
 * @example
 * fitsQuota({ used: 90, size: 10, quota: 100 }); // true
 * fitsQuota({ used: 91, size: 10, quota: 100 }); // false
 */
export function fitsQuota(input: { used: number; size: number; quota: number }): boolean {
  return input.used + input.size <= input.quota;
}

/**
 * The structure a stored message may have, checked at every entry (SMTP, `POST /inbound`,
 * Email/import, Email/set create): multiparts nested at most 16 deep, at most 500 MIME
 * parts, header fields of at most 64 KiB (unfolded) and header sections of at most
 * 256 KiB. A message over any of them is refused whole, never stored.
 *
 * @example
 * if (depth > MAX_MIME_DEPTH) refuse('too_complex');
 */
export const MAX_MIME_DEPTH = 16;
/** See MAX_MIME_DEPTH. */
export const MAX_MIME_PARTS = 500;
/** See MAX_MIME_DEPTH. */
export const MAX_HEADER_FIELD_BYTES = 64 * 1024;
/** See MAX_MIME_DEPTH. */
export const MAX_HEADER_SECTION_BYTES = 256 * 1024;
