/** What a command handler gets and declares (see `commands.ts`). */
import type { ImapNode } from './protocol.ts';
import type { ImapSession, SessionState } from './session.ts';

export interface CommandContext {
  tag: string;
  /** The command name, upper case (`FETCH`, `UID FETCH`). */
  name: string;
  attributes: ImapNode[];
  /** The bytes of the command's literals (APPEND's message). */
  literals: Buffer[];
  /** Words the parser joined to the command name (`AUTHENTICATE PLAIN`: `PLAIN`). */
  words: string[];
}

export interface CommandHandler {
  states: SessionState[];
  run(session: ImapSession, command: CommandContext): Promise<void>;
}

export const ANY: SessionState[] = ['notAuthenticated', 'authenticated', 'selected'];
export const AUTHENTICATED: SessionState[] = ['authenticated', 'selected'];
export const SELECTED: SessionState[] = ['selected'];
