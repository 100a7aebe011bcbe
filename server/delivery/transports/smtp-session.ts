import type { connect } from 'cloudflare:sockets';

type Socket = ReturnType<typeof connect>;

/** One SMTP reply: its code and its text lines. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** An SMTP error reply, carrying the status line (never message content). */
export class SmtpReplyError extends Error {
  constructor(
    readonly code: number,
    readonly reply: string,
  ) {
    super(reply);
    this.name = 'SmtpReplyError';
  }
}

/** The line-oriented dialogue over one socket (replaced after STARTTLS). */
export class SmtpSession {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private buffer = '';
  private readonly decoder = new TextDecoder();
  private readonly encoder = new TextEncoder();

  constructor(private socket: Socket) {
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
  }

  /** Upgrades the connection to TLS (after a 220 reply to STARTTLS). */
  startTls(hostname: string) {
    this.reader.releaseLock();
    this.writer.releaseLock();
    this.socket = this.socket.startTls({ expectedServerHostname: hostname });
    this.reader = this.socket.readable.getReader();
    this.writer = this.socket.writable.getWriter();
    this.buffer = '';
  }

  private async line(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return line;
      }
      if (this.buffer.length > 64 * 1024) throw new SmtpReplyError(0, 'reply line too long');
      const { value, done } = await this.reader.read();
      if (done) throw new SmtpReplyError(0, 'connection closed by the server');
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads one (possibly multi-line) reply. */
  async reply(): Promise<SmtpReply> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line();
      const match = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
      if (!match) throw new SmtpReplyError(0, 'malformed reply');
      lines.push(match[3] ?? '');
      if (match[2] !== '-') return { code: Number(match[1]), lines };
    }
  }

  /** Reads a reply and requires its code to be one of `expected`. */
  async expect(...expected: number[]): Promise<SmtpReply> {
    const reply = await this.reply();
    if (!expected.includes(reply.code)) {
      throw new SmtpReplyError(
        reply.code,
        `${reply.code} ${(reply.lines.at(-1) ?? '').slice(0, 200)}`,
      );
    }
    return reply;
  }

  async write(bytes: Uint8Array) {
    await this.writer.write(bytes);
  }

  /** Sends one command line and reads the reply, which must be one of `expected`. */
  async command(line: string, ...expected: number[]): Promise<SmtpReply> {
    await this.write(this.encoder.encode(`${line}\r\n`));
    return this.expect(...expected);
  }

  async close() {
    try {
      await this.socket.close();
    } catch {
      // Already closed.
    }
  }
}
