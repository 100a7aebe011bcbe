/**
 * The IMAP command table: each command's handler and the states it is allowed in. One
 * file per group: `auth-commands.ts` (any state, login), `folder-commands.ts` (LIST,
 * STATUS, SELECT, CREATE...), `message-commands.ts` (FETCH, STORE, SEARCH, COPY, MOVE,
 * EXPUNGE, APPEND), `idle.ts`.
 */

import { authCommands } from './auth-commands.ts';
import type { CommandHandler } from './command-types.ts';
import { folderCommands } from './folder-commands.ts';
import { idleCommands } from './idle.ts';
import { messageCommands } from './message-commands.ts';

export const COMMANDS: Record<string, CommandHandler> = {
  ...authCommands,
  ...folderCommands,
  ...messageCommands,
  ...idleCommands,
};
