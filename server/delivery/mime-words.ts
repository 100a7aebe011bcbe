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

/**
 * Decodes the RFC 2047 encoded words of a header value (B and Q, any charset the runtime
 * knows); undecodable words are kept as they are.
 *
 * @example
 * decodeWords('=?UTF-8?Q?R=C3=A9sultats?= du jour'); // 'Résultats du jour'
 */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g,
      (word, charset: string, kind: string, text: string) => {
        try {
          const bytes =
            kind.toUpperCase() === 'B'
              ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
              : Uint8Array.from(
                  text
                    .replace(/_/g, ' ')
                    .replace(/=([0-9a-f]{2})/gi, (_, h: string) =>
                      String.fromCharCode(Number.parseInt(h, 16)),
                    ),
                  (c) => c.charCodeAt(0),
                );
          return new TextDecoder(charset.split('*')[0]).decode(bytes);
        } catch {
          return word;
        }
      },
    );
}
