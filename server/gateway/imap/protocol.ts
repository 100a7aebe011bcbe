/**
 * Building IMAP responses with emailjs-imap-handler's compiler. Every string handed to
 * the compiler is a binary string (one char per byte), so that the compiled text is
 * written with `latin1` and a literal's `{n}` counts bytes.
 */
import imapHandler, { type ImapNode } from 'emailjs-imap-handler';

export type { ImapNode };

const QUOTABLE = /^[\x20-\x7e]*$/;

/** An atom (flags, keywords, section names): written as is. */
export const atom = (value: string): ImapNode => ({ type: 'ATOM', value });

/** Text written as is (sequence sets, response codes' contents, human text). */
export const text = (value: string): ImapNode => ({ type: 'TEXT', value });

/** A literal of raw bytes (a message, a header block): sent unchanged. */
export const literal = (bytes: Buffer): ImapNode => ({
  type: 'LITERAL',
  value: bytes.toString('latin1'),
});

/**
 * An IMAP string or NIL: quoted when it is printable ASCII, else a literal of its UTF-8
 * bytes (CR, LF and 8-bit characters cannot be quoted).
 */
export function str(value: string | null | undefined): ImapNode {
  if (value === null || value === undefined) return null;
  if (QUOTABLE.test(value)) return { type: 'STRING', value };
  return literal(Buffer.from(value, 'utf8'));
}

/** One response line (untagged `*`, tagged, or `+`), compiled to the bytes to write. */
export function compile(tag: string, command: string, attributes: ImapNode[] = []): Buffer {
  const line = imapHandler.compiler({ tag, command, attributes });
  return Buffer.from(`${line}\r\n`, 'latin1');
}

/** A status response: `tag OK|NO|BAD [CODE] text`. French text, ASCII only. */
export function status(
  tag: string,
  kind: 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH',
  message: string,
  code?: string,
): Buffer {
  const ascii = message.normalize('NFD').replace(/[^\x20-\x7e]/g, '');
  return Buffer.from(`${tag} ${kind} ${code ? `[${code}] ` : ''}${ascii}\r\n`, 'latin1');
}

/** A value of a parsed command as a JS string (quoted strings and literals are UTF-8). */
export function nodeValue(node: ImapNode | undefined): string | null {
  if (node === null || node === undefined) return null;
  if (typeof node === 'string') return Buffer.from(node, 'latin1').toString('utf8');
  if (typeof node === 'number') return String(node);
  if (Array.isArray(node)) return null;
  if (node.value === undefined) return null;
  return node.type === 'ATOM' || node.type === 'SEQUENCE'
    ? node.value
    : Buffer.from(node.value, 'latin1').toString('utf8');
}

/** The nodes of a parenthesized list, or null when the node is not one. */
export const listOf = (node: ImapNode | undefined): ImapNode[] | null =>
  Array.isArray(node) ? node : null;

/** Parses a command's text; throws on bad syntax. */
export const parseCommand = (text: Buffer) => imapHandler.parser(text);

/** An error whose text is a protocol answer to the current command (tagged NO or BAD). */
export class ImapError extends Error {
  readonly kind: 'NO' | 'BAD';
  readonly code: string | undefined;
  constructor(kind: 'NO' | 'BAD', message: string, code?: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

/** A binary string (raw header bytes) as an IMAP string: quoted if it can be, else a literal. */
export function binaryStr(value: string | null | undefined): ImapNode {
  if (value === null || value === undefined) return null;
  if (QUOTABLE.test(value)) return { type: 'STRING', value };
  return { type: 'LITERAL', value };
}

/** Nodes compiled to a binary string joined by spaces, to embed as a TEXT node. */
export const compileNodes = (nodes: ImapNode[]): string =>
  imapHandler.compiler({ tag: '', command: '', attributes: nodes });
