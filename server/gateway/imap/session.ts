/**
 * One IMAP connection (RFC 9051 / RFC 3501): reads commands with the bounded reader, runs
 * them one at a time (the socket is paused while one runs, so pipelined commands wait in
 * the kernel, not in memory), and writes the responses. The state lives in the connection
 * only; everything else is asked of the Worker.
 */
import type { Socket } from 'node:net';
import { type SecureContext, TLSSocket } from 'node:tls';
import type { ImapCommand } from 'emailjs-imap-handler';
import { MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import { type GatewayConfig, isLoopback } from '../config.ts';
import type { WorkerClient } from '../worker-client.ts';
import type { MailAccount } from './account.ts';
import { CommandReader, type RawCommand, type ReaderEvent } from './command-reader.ts';
import { COMMANDS } from './commands.ts';
import { ImapError, parseCommand, status } from './protocol.ts';
import type { SelectedFolder } from './selected.ts';

export type SessionState = 'notAuthenticated' | 'authenticated' | 'selected' | 'logout';

/** Limits of the reader: an APPEND literal up to the message size limit, all else small. */
export const IMAP_LIMITS = {
  maxLine: 64 * 1024,
  maxLiteral: 64 * 1024,
  maxAppendLiteral: MAX_MESSAGE_BYTES,
  maxCommand: 256 * 1024,
};

const IDLE_TIMEOUT_MS = 30 * 60_000;
const LOGIN_TIMEOUT_MS = 60_000;

export interface SessionOptions {
  config: GatewayConfig;
  client: WorkerClient;
  secureContext: SecureContext;
  /** Implicit TLS (993 style): STARTTLS is neither offered nor accepted. */
  implicitTls: boolean;
}

export class ImapSession {
  socket: Socket;
  state: SessionState = 'notAuthenticated';
  /** The login's BAL first, then the other BALs it may use (the shared namespace). */
  accounts: MailAccount[] = [];
  selected: SelectedFolder | null = null;
  /** A line the session waits for instead of a command (IDLE's DONE, a SASL response). */
  continuation: ((line: string) => Promise<void>) | null = null;
  readonly options: SessionOptions;
  readonly remoteAddress: string;
  private reader: CommandReader;
  private busy = false;
  private closed = false;

  constructor(socket: Socket, options: SessionOptions) {
    this.socket = socket;
    this.options = options;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.reader = this.newReader();
    this.attach(socket);
    socket.setTimeout(LOGIN_TIMEOUT_MS);
    this.write(status('*', 'OK', 'Pli IMAP pret', this.capabilityCode()));
  }

  get secure(): boolean {
    return this.socket instanceof TLSSocket;
  }

  /** Whether a password may be sent now: over TLS, or on loopback in development. */
  get loginAllowed(): boolean {
    return this.secure || (this.options.config.plaintextAuth && isLoopback(this.remoteAddress));
  }

  capabilities(): string[] {
    const caps = ['IMAP4rev1', 'LITERAL+', 'SASL-IR', 'ID', 'ENABLE', 'IDLE', 'NAMESPACE'];
    caps.push('UNSELECT', 'SPECIAL-USE', 'UIDPLUS', 'MOVE', 'CHILDREN');
    caps.push(`APPENDLIMIT=${MAX_MESSAGE_BYTES}`);
    if (this.state === 'notAuthenticated') {
      if (!this.secure && !this.options.implicitTls) caps.push('STARTTLS');
      caps.push(this.loginAllowed ? 'AUTH=PLAIN' : 'LOGINDISABLED');
    }
    return caps;
  }

  capabilityCode(): string {
    return `CAPABILITY ${this.capabilities().join(' ')}`;
  }

  write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /** Waits until the socket has taken what was written (memory bounded on big FETCHes). */
  async drain(): Promise<void> {
    if (this.closed || !this.socket.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.state = 'logout';
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** After LOGIN: the long autologout timer of RFC 9051 (at least 30 minutes). */
  authenticated(accounts: MailAccount[]): void {
    this.accounts = accounts;
    this.state = 'authenticated';
    this.socket.setTimeout(IDLE_TIMEOUT_MS);
  }

  /** STARTTLS: the plaintext buffer is dropped (no command injection), TLS takes the socket. */
  startTls(): void {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    const secured = new TLSSocket(plain, {
      isServer: true,
      secureContext: this.options.secureContext,
    });
    this.socket = secured;
    this.reader = this.newReader();
    this.attach(secured);
  }

  private newReader(): CommandReader {
    return new CommandReader(IMAP_LIMITS, () => this.write(Buffer.from('+ OK\r\n')));
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      void this.pump();
    });
    socket.on('timeout', () => {
      this.write(status('*', 'BYE', 'Delai depasse'));
      this.close();
    });
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
      this.state = 'logout';
      this.onClose?.();
    });
  }

  /** Called once when the connection is gone (IDLE stops its event stream). */
  onClose: (() => void) | null = null;

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.socket.pause();
    try {
      for (;;) {
        if (this.closed) return;
        const event = this.reader.next();
        if (!event) break;
        await this.handle(event);
      }
    } finally {
      this.busy = false;
      if (!this.closed) this.socket.resume();
    }
  }

  private async handle(event: ReaderEvent): Promise<void> {
    if (event.kind === 'refused') {
      this.write(status(event.tag, 'BAD', event.text));
      if (event.close) {
        this.write(status('*', 'BYE', 'Entree refusee'));
        this.close();
      }
      return;
    }
    if (this.continuation) {
      const next = this.continuation;
      this.continuation = null;
      await next(event.command.firstLine);
      return;
    }
    await this.run(event.command);
  }

  private async run(raw: RawCommand): Promise<void> {
    let command: ImapCommand;
    try {
      command = parseCommand(raw.text);
    } catch {
      const tag = /^[A-Za-z0-9.\-_]{1,64}(?= )/.exec(raw.firstLine)?.[0] ?? '*';
      this.write(status(tag, 'BAD', 'Commande mal formee'));
      return;
    }
    const tag = command.tag;
    const name = command.command.toUpperCase();
    const [verb = '', sub = ''] = name.split(' ');
    const key =
      verb === 'UID'
        ? `UID ${sub || ((command.attributes?.[0] as { value?: string })?.value ?? '').toUpperCase()}`
        : verb;
    const handler = COMMANDS[key];
    if (!handler || tag === '*' || tag === '+') {
      this.write(status(tag, 'BAD', 'Commande inconnue'));
      return;
    }
    if (!handler.states.includes(this.state)) {
      this.write(status(tag, 'BAD', 'Commande impossible dans cet etat'));
      return;
    }
    let attributes = command.attributes ?? [];
    if (verb === 'UID' && !sub) attributes = attributes.slice(1);
    try {
      await handler.run(this, {
        tag,
        name: key,
        attributes,
        literals: raw.literals,
        words: name.split(' ').slice(1),
      });
    } catch (error) {
      if (error instanceof ImapError) {
        this.write(status(tag, error.kind, error.message, error.code));
      } else {
        console.error(`imap: ${key} failed: ${(error as Error)?.name ?? 'error'}`);
        this.write(status(tag, 'NO', 'Erreur du serveur', 'SERVERBUG'));
      }
    }
  }
}
