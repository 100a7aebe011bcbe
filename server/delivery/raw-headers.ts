/**
 * Reads the header section of a raw RFC 5322 message without parsing the body: enough for
 * trust checks and reports on messages up to 25 MiB, at the cost of the header bytes only.
 */

import { addressParser } from 'postal-mime';
import { parseHeaderBlock, type RawHeader } from '../mail/mime-tree.ts';

const MAX_HEADER_BYTES = 256 * 1024;

/** The header section (up to the first blank line), decoded as UTF-8, CRLF line ends. */
export function headerSection(raw: Uint8Array): string {
  const limit = Math.min(raw.byteLength, MAX_HEADER_BYTES);
  let end = limit;
  for (let i = 0; i + 1 < limit; i++) {
    if (raw[i] === 0x0a && (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a))) {
      end = i + 1;
      break;
    }
  }
  const text = new TextDecoder().decode(raw.subarray(0, end));
  return `${text.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '')}\r\n`;
}

/** The header fields of a raw message (unfolded, undecoded), read as `headerSection` reads. */
export function readHeaders(raw: Uint8Array): RawHeader[] {
  return parseHeaderBlock(headerSection(raw));
}

/**
 * The addr-specs of an address-list header value (`Name <a@b>, c@d`, groups included), lower
 * case, as postal-mime's address parser reads them; entries without an `@` are dropped.
 */
export function addressesOf(value: string | null | undefined): string[] {
  if (!value) return [];
  return addressParser(value, { flatten: true })
    .map((a) => (a.address ?? '').trim().toLowerCase())
    .filter((a) => a.includes('@'));
}
