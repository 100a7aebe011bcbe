/**
 * Bytes as text: hex, base64 and base64url, and the SHA-256 digests Pli stores as hex. The
 * one place these encodings are written (they use the runtime's `btoa`, `atob`, `TextEncoder`
 * and WebCrypto, which `shared/` does not assume).
 *
 * @example
 * hex(new Uint8Array([0, 171])); // '00ab'
 * base64url(new Uint8Array([251, 255])); // '-_8'
 * await sha256Hex('abc'); // 'ba7816bf…15ad'
 */

type Bytes = ArrayBuffer | Uint8Array;

/**
 * Lower-case hex of bytes, two digits a byte.
 *
 * @example
 * hex(new Uint8Array([0, 15, 255])); // '000fff'
 */
export function hex(bytes: Bytes): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The bytes of a hex string (two digits a byte; a trailing odd digit is dropped).
 *
 * @example
 * fromHex('00ff'); // Uint8Array [0, 255]
 */
export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array((text.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16)));
}

/**
 * Standard base64 of bytes, with padding, on one line (any size: the bytes are read in chunks).
 *
 * @example
 * base64(new Uint8Array([104, 105])); // 'aGk='
 */
export function base64(bytes: Bytes): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.byteLength; i += 0x8000) {
    // apply takes the typed array as is; a spread would walk it through the iterator.
    binary += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/**
 * Base64url of bytes (RFC 4648 section 5), without padding.
 *
 * @example
 * base64url(new Uint8Array([251, 255])); // '-_8'
 */
export function base64url(bytes: Bytes): string {
  return base64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The bytes of base64 or base64url text, padded or not; throws on anything else.
 *
 * @example
 * fromBase64('-_8'); // Uint8Array [251, 255]
 * fromBase64('+/8='); // Uint8Array [251, 255]
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Base64 of text encoded as UTF-8.
 *
 * @example
 * base64Utf8('é'); // 'w6k='
 */
export function base64Utf8(text: string): string {
  return base64(new TextEncoder().encode(text));
}

/**
 * Lower-case hex SHA-256 of bytes or of a string's UTF-8 (blob ids, stored secret hashes).
 *
 * @example
 * await sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export async function sha256Hex(data: Uint8Array | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}
