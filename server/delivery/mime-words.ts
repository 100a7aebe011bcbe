/** Small MIME helpers for the reports Pli writes itself (DSN, MDN). */

import { base64Utf8 } from '../bytes.ts';

/** A header value as an RFC 2047 encoded word when it is not plain ASCII. */
export function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${base64Utf8(text)}?=`;
}

/** Base64 text wrapped at 76 columns (RFC 2045). */
export function wrapBase64(text: string): string {
  return base64Utf8(text).replace(/.{1,76}/g, '$&\r\n');
}

/** A random multipart boundary. */
export function boundary(): string {
  return `=_pli_${crypto.randomUUID().replaceAll('-', '')}`;
}

/** RFC 5322 date. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
