/**
 * The IMAP command reader: turns the bytes of a connection into whole commands (lines and
 * literals, RFC 9051 section 4.3) with every size bounded, so that no client can make the
 * gateway hold more than one command's worth of memory. It never parses a command's
 * grammar (emailjs-imap-handler does); it only finds lines and `{n}` / `{n+}` literals.
 */

/** Limits of one command; an APPEND's message literal has its own. */
export interface ReaderLimits {
  /** The longest line (without its CRLF). */
  maxLine: number;
  /** The largest literal of a command other than APPEND. */
  maxLiteral: number;
  /** The largest APPEND message literal (the message size limit). */
  maxAppendLiteral: number;
  /** The most bytes of lines and literals in one command, APPEND's message excepted. */
  maxCommand: number;
}

/** A whole command: its text with small literals inline, and every literal's bytes. */
export interface RawCommand {
  /** The command for the parser (literals over `maxLiteral` replaced by `{0}`). */
  text: Buffer;
  /** The bytes of each literal, in order. */
  literals: Buffer[];
  /** The first line, for commands read as a raw line (IDLE's DONE, SASL responses). */
  firstLine: string;
}

export type ReaderEvent =
  | { kind: 'command'; command: RawCommand }
  /** A refused command: answer `tag BAD text`; `close` when the stream cannot be resynchronised. */
  | { kind: 'refused'; tag: string; text: string; close: boolean };

const LITERAL_AT_END = /\{(\d{1,12})(\+?)\}$/;

export class CommandReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private literals: Buffer[] = [];
  private size = 0;
  private firstLine = '';
  private literal: { buffer: Buffer; filled: number; inline: boolean } | null = null;
  private readonly limits: ReaderLimits;
  private readonly sendContinuation: () => void;

  constructor(limits: ReaderLimits, sendContinuation: () => void) {
    this.limits = limits;
    this.sendContinuation = sendContinuation;
  }

  /** Bytes waiting to be read (bounded by the caller pausing the socket while it works). */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
  }

  /** The next complete command or refusal in the bytes received so far, or null. */
  next(): ReaderEvent | null {
    for (;;) {
      if (this.literal) {
        const { buffer } = this.literal;
        const take = Math.min(buffer.length - this.literal.filled, this.pending.length);
        this.pending.copy(buffer, this.literal.filled, 0, take);
        this.pending = this.pending.subarray(take);
        this.literal.filled += take;
        if (this.literal.filled < buffer.length) return null;
        this.literals.push(buffer);
        this.parts.push(this.literal.inline ? buffer : Buffer.alloc(0));
        this.literal = null;
        continue;
      }
      const end = this.pending.indexOf(10);
      if (end === -1) {
        if (this.pending.length > this.limits.maxLine) return this.fatal('Ligne trop longue');
        return null;
      }
      const lineEnd = end > 0 && this.pending[end - 1] === 13 ? end - 1 : end;
      if (lineEnd > this.limits.maxLine) return this.fatal('Ligne trop longue');
      const line = this.pending.subarray(0, lineEnd).toString('latin1');
      this.pending = this.pending.subarray(end + 1);
      if (this.parts.length === 0) {
        if (line.trim() === '') continue;
        this.firstLine = line;
      }
      this.size += line.length + 2;
      if (this.size > this.limits.maxCommand) return this.fatal('Commande trop longue');
      const match = LITERAL_AT_END.exec(line);
      if (!match) {
        this.parts.push(Buffer.from(line, 'latin1'));
        const command = {
          text: Buffer.concat(this.parts),
          literals: this.literals,
          firstLine: this.firstLine,
        };
        this.reset();
        return { kind: 'command', command };
      }
      const length = Number(match[1]);
      const synchronizing = match[2] !== '+';
      const isAppend = /^\S+ APPEND /i.test(this.firstLine);
      const limit = isAppend ? this.limits.maxAppendLiteral : this.limits.maxLiteral;
      const inline = length <= this.limits.maxLiteral;
      if (length > limit || (inline && this.size + length > this.limits.maxCommand)) {
        if (!synchronizing) return this.fatal('Litteral trop grand');
        // The client waits for our continuation before sending it: refuse and read on.
        const tag = this.tag();
        this.reset();
        return { kind: 'refused', tag, text: '[TOOBIG] Litteral trop grand', close: false };
      }
      if (inline) this.size += length;
      const head = inline ? line : `${line.slice(0, match.index)}{0}`;
      this.parts.push(Buffer.from(`${head}\r\n`, 'latin1'));
      this.literal = { buffer: Buffer.allocUnsafe(length), filled: 0, inline };
      if (synchronizing) this.sendContinuation();
    }
  }

  private tag(): string {
    const tag = /^[^\s{(]+/.exec(this.firstLine)?.[0] ?? '*';
    return tag.length > 64 ? '*' : tag;
  }

  private fatal(text: string): ReaderEvent {
    const tag = this.firstLine ? this.tag() : '*';
    this.reset();
    this.pending = Buffer.alloc(0);
    return { kind: 'refused', tag, text, close: true };
  }

  private reset(): void {
    this.parts = [];
    this.literals = [];
    this.size = 0;
    this.firstLine = '';
    this.literal = null;
  }
}
