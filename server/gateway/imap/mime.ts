/**
 * The MIME structure of a stored message, read from its raw bytes (never re-encoded): the
 * byte ranges of each part's header and body, for FETCH BODY[section] and BODYSTRUCTURE
 * (RFC 9051 sections 6.4.5 and 7.5.2).
 */

/** One header field: lower-case name and unfolded value (binary string). */
interface Field {
  name: string;
  value: string;
}

export interface MimePart {
  /** The header block, its blank line included. */
  header: Buffer;
  body: Buffer;
  fields: Field[];
  type: string;
  subtype: string;
  params: [string, string][];
  /** Sub-parts of a multipart. */
  parts: MimePart[];
  /** The enclosed message of a message/rfc822 part. */
  message: MimePart | null;
}

const MAX_DEPTH = 32;

function splitHeader(raw: Buffer): { header: Buffer; body: Buffer } {
  let start = 0;
  for (;;) {
    const lf = raw.indexOf(10, start);
    if (lf === -1) return { header: raw, body: Buffer.alloc(0) };
    const next = raw[lf + 1];
    if (lf === 0 || (lf === start && start === 0)) {
      return { header: raw.subarray(0, lf + 1), body: raw.subarray(lf + 1) };
    }
    if (next === 10) return { header: raw.subarray(0, lf + 2), body: raw.subarray(lf + 2) };
    if (next === 13 && raw[lf + 2] === 10) {
      return { header: raw.subarray(0, lf + 3), body: raw.subarray(lf + 3) };
    }
    start = lf + 1;
  }
}

export function parseFields(header: Buffer): Field[] {
  const text = header.toString('latin1');
  const fields: Field[] = [];
  for (const raw of text.split(/\r?\n(?![ \t])/)) {
    const colon = raw.indexOf(':');
    if (colon <= 0) continue;
    fields.push({
      name: raw.slice(0, colon).trim().toLowerCase(),
      value: raw
        .slice(colon + 1)
        .replace(/\r?\n[ \t]/g, ' ')
        .trim(),
    });
  }
  return fields;
}

/** `type/subtype; a=b; c="d"` split into its value and parameters. */
export function parseParams(value: string): { value: string; params: [string, string][] } {
  const params: [string, string][] = [];
  const re = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  const semicolon = value.indexOf(';');
  const head = (semicolon === -1 ? value : value.slice(0, semicolon)).trim();
  for (const match of value.slice(Math.max(semicolon, 0)).matchAll(re)) {
    const raw = (match[2] ?? '').trim();
    const unquoted = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    params.push([(match[1] ?? '').toLowerCase(), unquoted]);
  }
  return { value: head, params };
}

export const fieldOf = (part: MimePart, name: string): string | null =>
  part.fields.find((f) => f.name === name)?.value ?? null;

export function parseMime(raw: Buffer, depth = 0, digest = false): MimePart {
  const { header, body } = splitHeader(raw);
  const fields = parseFields(header);
  const contentType = fields.find((f) => f.name === 'content-type')?.value;
  const parsed = parseParams(contentType ?? (digest ? 'message/rfc822' : 'text/plain'));
  let [type = 'text', subtype = 'plain'] = parsed.value.toLowerCase().split('/');
  if (!contentType) {
    parsed.params.push(['charset', 'us-ascii']);
  }
  if (!type || !subtype) [type, subtype] = ['text', 'plain'];
  const part: MimePart = {
    header,
    body,
    fields,
    type,
    subtype,
    params: parsed.params,
    parts: [],
    message: null,
  };
  if (depth >= MAX_DEPTH) return part;
  const boundary = parsed.params.find(([k]) => k === 'boundary')?.[1];
  if (type === 'multipart' && boundary) {
    part.parts = splitMultipart(body, boundary).map((p) =>
      parseMime(p, depth + 1, subtype === 'digest'),
    );
  } else if (type === 'message' && (subtype === 'rfc822' || subtype === 'global')) {
    part.message = parseMime(body, depth + 1);
  }
  return part;
}

/** The bodies between the boundary lines (the CRLF before a boundary belongs to it). */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let start = -1;
  let from = 0;
  for (;;) {
    const at = body.indexOf(delimiter, from);
    if (at === -1) break;
    const lineStart = at === 0 || body[at - 1] === 10;
    if (!lineStart) {
      from = at + delimiter.length;
      continue;
    }
    if (start !== -1) {
      let end = at;
      if (body[end - 1] === 10) end -= 1;
      if (body[end - 1] === 13) end -= 1;
      parts.push(body.subarray(start, Math.max(start, end)));
    }
    const after = at + delimiter.length;
    if (body[after] === 45 && body[after + 1] === 45) return parts;
    const lf = body.indexOf(10, after);
    if (lf === -1) break;
    start = lf + 1;
    from = start;
  }
  return parts;
}

/** The numbered children of an entity (RFC 9051 6.4.5: a non-multipart body is part 1). */
function childrenOf(entity: MimePart, isRoot: boolean): MimePart[] {
  if (entity.type === 'multipart') return entity.parts;
  if (isRoot) return [entity];
  const enclosed = entity.message;
  if (!enclosed) return [];
  return enclosed.type === 'multipart' ? enclosed.parts : [enclosed];
}

/** The part a section's numbers name (`[2, 1]` for `2.1`), or null. */
export function partAt(root: MimePart, path: number[]): MimePart | null {
  let entity = root;
  let isRoot = true;
  for (const n of path) {
    const next = childrenOf(entity, isRoot)[n - 1];
    if (!next) return null;
    isRoot = false;
    entity = next;
  }
  return entity;
}
