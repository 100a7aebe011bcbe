/**
 * Reads the header section of a raw RFC 5322 message without parsing the body: enough for
 * trust checks and reports on messages up to 25 MiB, at the cost of the header bytes only.
 */

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

/** Every value of a header (unfolded, trimmed), in order. */
export function headerValues(section: string, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const field of section.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = field.indexOf(':');
    if (colon > 0 && field.slice(0, colon).trim().toLowerCase() === wanted) {
      values.push(field.slice(colon + 1).trim());
    }
  }
  return values;
}

/** The first value of a header, or null. */
export function headerValue(section: string, name: string): string | null {
  return headerValues(section, name)[0] ?? null;
}

/**
 * The addr-specs of an address-list header value (`Name <a@b>, c@d`), lower case. Quoted
 * display names may hold commas; they are skipped.
 */
export function addressesOf(value: string | null): string[] {
  if (!value) return [];
  const withoutQuoted = value.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const found: string[] = [];
  for (const part of withoutQuoted.split(',')) {
    const bracket = /<([^<>]+)>/.exec(part);
    const candidate = (bracket ? bracket[1] : part.replace(/\(.*?\)/g, ''))?.trim();
    if (candidate?.includes('@')) found.push(candidate.toLowerCase());
  }
  return found;
}
