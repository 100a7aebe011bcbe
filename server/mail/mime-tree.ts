import { decodeWords } from 'postal-mime';
import {
  MAX_HEADER_FIELD_BYTES,
  MAX_HEADER_SECTION_BYTES,
  MAX_MIME_DEPTH,
  MAX_MIME_PARTS,
} from '../../shared/mssante/limits.ts';
import { fromBase64 } from '../bytes.ts';

/** One raw header field: its name as written and its unfolded, undecoded value. */
export interface RawHeader {
  name: string;
  value: string;
}

/** One node of a message's MIME tree; leaves carry a partId, multiparts do not. */
export interface MimeNode {
  partId: string | null;
  headers: RawHeader[];
  /** Lowercase `type/subtype`. */
  type: string;
  params: Record<string, string>;
  disposition: string | null;
  dispositionParams: Record<string, string>;
  /** Lowercase Content-Transfer-Encoding. */
  encoding: string;
  /** The encoded body bytes (a view into the raw message). */
  body: Uint8Array;
  subParts: MimeNode[];
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the header section of `bytes` ends and its body starts: at the first blank line
 * (CRLF or LF), or at the end. Reads the header bytes only, never the body.
 */
function headerEnd(bytes: Uint8Array): { end: number; bodyStart: number } {
  if (bytes[0] === CR && bytes[1] === LF) return { end: 0, bodyStart: 2 };
  if (bytes[0] === LF) return { end: 0, bodyStart: 1 };
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF) return { end: i, bodyStart: i + 2 };
    if (bytes[i - 1] === CR && bytes[i + 1] === CR && bytes[i + 2] === LF)
      return { end: i - 1, bodyStart: i + 3 };
  }
  return { end: bytes.length, bodyStart: bytes.length };
}

/** Whether `bytes` holds `needle` at `at`. */
function bytesAt(bytes: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at < 0 || at + needle.length > bytes.length) return false;
  for (let j = 0; j < needle.length; j++) if (bytes[at + j] !== needle[j]) return false;
  return true;
}

/** The first position at or after `from` of a line feed followed by `needle`, or -1. */
function lineStartingWith(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(LF, from); i !== -1; i = bytes.indexOf(LF, i + 1)) {
    if (bytesAt(bytes, needle, i + 1)) return i;
  }
  return -1;
}

/** The fields of a message's own header section (not those of its parts). */
export function topHeaders(raw: Uint8Array): RawHeader[] {
  const { end } = headerEnd(raw.subarray(0, Math.min(raw.length, 256 * 1024)));
  return parseHeaderBlock(utf8.decode(raw.subarray(0, end)));
}

/** Splits a header block into fields, unfolding continuation lines. */
export function parseHeaderBlock(block: string): RawHeader[] {
  const headers: RawHeader[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1] as RawHeader;
      last.value += line.replace(/^[ \t]+/, ' ');
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

/** Parses `value; a=b; c="d"` (with RFC 2231 continuations and charsets) into parts. */
export function parseParamHeader(value: string): { value: string; params: Record<string, string> } {
  const [head = '', ...rest] = splitParams(value);
  const params: Record<string, string> = {};
  const continued: Record<string, { index: number; text: string; encoded: boolean }[]> = {};
  for (const item of rest) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const key = item.slice(0, eq).trim().toLowerCase();
    let val = item.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) {
      val = val.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    const match = key.match(/^([^*]+)(?:\*(\d+))?(\*)?$/);
    if (match && (match[2] !== undefined || match[3])) {
      const name = match[1] as string;
      const list = continued[name] ?? [];
      continued[name] = list;
      list.push({ index: Number(match[2] ?? 0), text: val, encoded: Boolean(match[3]) });
    } else {
      params[key] = decodeWords(val);
    }
  }
  for (const [name, pieces] of Object.entries(continued)) {
    pieces.sort((a, b) => a.index - b.index);
    let charset = 'utf-8';
    const bytes: number[] = [];
    for (const [i, piece] of pieces.entries()) {
      let text = piece.text;
      if (piece.encoded && i === 0) {
        const m = text.match(/^([^']*)'[^']*'(.*)$/);
        if (m) {
          charset = m[1] || 'utf-8';
          text = m[2] as string;
        }
      }
      if (piece.encoded) {
        for (let j = 0; j < text.length; j++) {
          if (text[j] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(j + 1, j + 3))) {
            bytes.push(Number.parseInt(text.slice(j + 1, j + 3), 16));
            j += 2;
          } else bytes.push(...new TextEncoder().encode(text[j] as string));
        }
      } else bytes.push(...new TextEncoder().encode(text));
    }
    params[name] = decodeText(new Uint8Array(bytes), charset);
  }
  return { value: head.trim().toLowerCase(), params };
}

function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && quoted) {
      current += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** Decodes bytes in a charset, falling back to UTF-8 for unknown labels. */
export function decodeText(bytes: Uint8Array, charset: string | null | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return utf8.decode(bytes);
  }
}

/** The first header of a name (case-insensitive), or undefined. */
export function headerValue(headers: RawHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** Why a message is over the structure limits of `shared/mssante/limits.ts`. */
export type MimeViolation = 'mime_depth' | 'mime_parts' | 'header_field' | 'header_section';

/** What a description of each violation says (safe: no message content). */
export const MIME_VIOLATIONS: Record<MimeViolation, string> = {
  mime_depth: `Multiparts nest deeper than ${MAX_MIME_DEPTH} levels.`,
  mime_parts: `The message has more than ${MAX_MIME_PARTS} MIME parts.`,
  header_field: `A header field exceeds ${MAX_HEADER_FIELD_BYTES} bytes.`,
  header_section: `A header section exceeds ${MAX_HEADER_SECTION_BYTES} bytes.`,
};

interface ParseBudget {
  parts: number;
  violation: MimeViolation | null;
}

/**
 * Parses a raw message into its MIME tree, within the limits of `shared/mssante/limits.ts`:
 * multiparts below the depth limit and parts beyond the count limit are not parsed (the
 * tree stays bounded), and the first limit crossed is the `violation`.
 */
export function inspectMimeTree(raw: Uint8Array): {
  root: MimeNode;
  violation: MimeViolation | null;
} {
  const budget: ParseBudget = { parts: 0, violation: null };
  const root = parseNode(raw, 0, raw.length, '', 'text/plain', 0, budget);
  return { root, violation: budget.violation };
}

/** Parses a raw message into its MIME tree (bounded: see `inspectMimeTree`). */
export function parseMimeTree(raw: Uint8Array): MimeNode {
  return inspectMimeTree(raw).root;
}

const fieldBytes = (h: RawHeader) =>
  (h.name.length + h.value.length) * 3 <= MAX_HEADER_FIELD_BYTES
    ? 0
    : new TextEncoder().encode(h.name + h.value).byteLength;

function parseNode(
  raw: Uint8Array,
  start: number,
  end: number,
  prefix: string,
  defaultType: string,
  depth: number,
  budget: ParseBudget,
): MimeNode {
  budget.parts += 1;
  const bytes = raw.subarray(start, end);
  const { end: hEnd, bodyStart } = headerEnd(bytes);
  const headers = parseHeaderBlock(utf8.decode(raw.subarray(start, start + hEnd)));
  if (!budget.violation && headers.some((h) => fieldBytes(h) > MAX_HEADER_FIELD_BYTES))
    budget.violation = 'header_field';
  if (!budget.violation && hEnd > MAX_HEADER_SECTION_BYTES) budget.violation = 'header_section';
  const ct = parseParamHeader(headerValue(headers, 'Content-Type') ?? defaultType);
  const type = /^[\w.+-]+\/[\w.+-]+$/.test(ct.value) ? ct.value : 'text/plain';
  const cd = headerValue(headers, 'Content-Disposition');
  const disp = cd ? parseParamHeader(cd) : null;
  const node: MimeNode = {
    partId: null,
    headers,
    type,
    params: ct.params,
    disposition: disp?.value || null,
    dispositionParams: disp?.params ?? {},
    encoding: (headerValue(headers, 'Content-Transfer-Encoding') ?? '7bit').trim().toLowerCase(),
    body: raw.subarray(start + bodyStart, end),
    subParts: [],
  };
  const boundary = ct.params.boundary;
  if (type.startsWith('multipart/') && boundary) {
    if (depth >= MAX_MIME_DEPTH) {
      budget.violation ??= 'mime_depth';
      node.partId = prefix || '1';
      return node;
    }
    const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    const ranges = splitMultipart(bytes, bodyStart, boundary);
    for (const [i, [s, e]] of ranges.entries()) {
      if (budget.parts >= MAX_MIME_PARTS) {
        budget.violation ??= 'mime_parts';
        break;
      }
      const id = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      node.subParts.push(parseNode(raw, start + s, start + e, id, childDefault, depth + 1, budget));
    }
    return node;
  }
  node.partId = prefix || '1';
  return node;
}

/**
 * The byte ranges of a multipart body's parts, found on the bytes themselves (no copy of
 * the body as text): each part runs from the line after a `--boundary` line to the line
 * feed (and carriage return) before the next one.
 */
function splitMultipart(bytes: Uint8Array, from: number, boundary: string): [number, number][] {
  const delimiter = latin1Bytes(`--${boundary}`);
  const dash = latin1Bytes('--');
  const ranges: [number, number][] = [];
  let pos = bytesAt(bytes, delimiter, from) ? from : lineStartingWith(bytes, delimiter, from);
  if (pos === -1) return ranges;
  if (bytes[pos] === LF) pos += 1;
  while (pos !== -1) {
    const afterDelim = pos + delimiter.length;
    if (bytesAt(bytes, dash, afterDelim)) break;
    const lineEnd = bytes.indexOf(LF, afterDelim);
    if (lineEnd === -1) break;
    const partStart = lineEnd + 1;
    let next = lineStartingWith(bytes, delimiter, partStart - 1);
    if (next === -1) {
      ranges.push([partStart, bytes.length]);
      break;
    }
    const partEnd = next > 0 && bytes[next - 1] === CR ? next - 1 : next;
    ranges.push([partStart, Math.max(partStart, partEnd)]);
    next += 1;
    pos = next;
  }
  return ranges;
}

/** The bytes of text whose characters are all below 256 (a boundary), one byte each. */
function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/**
 * The decoded bytes of a leaf (base64 and quoted-printable undone). With `maxBytes`, at most
 * that many, decoded from a prefix of the encoded body (three times as long: enough for any
 * of the encodings), so a bounded read costs the same whatever the part's size.
 */
export function decodeBody(node: MimeNode, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const bounded = Number.isFinite(maxBytes);
  const body = bounded ? node.body.subarray(0, maxBytes * 3) : node.body;
  let decoded: Uint8Array;
  if (node.encoding === 'base64') {
    const clean = latin1.decode(body).replace(/[^A-Za-z0-9+/]/g, '');
    const cut = bounded ? clean.length - (clean.length % 4) : clean.length;
    const padded = clean.slice(0, cut - (cut % 4 === 1 ? 1 : 0));
    decoded = fromBase64(padded);
  } else if (node.encoding === 'quoted-printable') decoded = decodeQuotedPrintable(body);
  else decoded = body;
  return bounded ? decoded.subarray(0, maxBytes) : decoded;
}

function decodeQuotedPrintable(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (b !== 0x3d) {
      out[n++] = b;
      continue;
    }
    const h = String.fromCharCode(body[i + 1] ?? 0, body[i + 2] ?? 0);
    if (/^[0-9A-Fa-f]{2}$/.test(h)) {
      out[n++] = Number.parseInt(h, 16);
      i += 2;
    } else if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) i += 2;
    else if (body[i + 1] === 0x0a) i += 1;
    else out[n++] = b;
  }
  return out.subarray(0, n);
}

/** Every leaf of the tree, depth first. */
export function leaves(node: MimeNode): MimeNode[] {
  return node.subParts.length === 0 && node.partId ? [node] : node.subParts.flatMap(leaves);
}

/** Finds a leaf by partId. */
export function findPart(node: MimeNode, partId: string): MimeNode | undefined {
  return leaves(node).find((leaf) => leaf.partId === partId);
}
