/**
 * IDLE (RFC 2177): the connection waits on the Worker's JMAP EventSource (RFC 8620 7.3,
 * parsed by `shared/jmap/event-stream.ts`); each StateChange of the account syncs the
 * selected folder and writes what changed (EXISTS, EXPUNGE, FETCH FLAGS) at once. The
 * stream ends with DONE or the connection; a broken stream is reopened after a pause.
 */
import { EventStreamParser } from '../../../shared/jmap/event-stream.ts';
import { AUTHENTICATED, type CommandHandler } from './command-types.ts';
import { status } from './protocol.ts';
import type { ImapSession } from './session.ts';

const RETRY_MS = 2000;

/** Follows the account's changes until `signal` aborts; `onChange` runs one at a time. */
async function follow(session: ImapSession, signal: AbortSignal, onChange: () => Promise<void>) {
  const account = session.selected?.account ?? session.accounts[0];
  if (!account) return;
  let running = false;
  let again = false;
  const wake = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await onChange();
      } while (again && !signal.aborted);
    } catch {
      // The next change or DONE will try again.
    } finally {
      running = false;
    }
  };
  while (!signal.aborted) {
    try {
      const response = await account.events(signal);
      const body = response.body;
      if (!body) throw new Error('no stream');
      const parser = new EventStreamParser((event) => {
        if (event.event !== 'state') return;
        try {
          const change = JSON.parse(event.data) as { changed?: Record<string, unknown> };
          if (change.changed?.[account.id]) void wake();
        } catch {
          // Not a StateChange: ignored.
        }
      });
      const decoder = new TextDecoder();
      // A change between the SELECT and the stream's opening is caught by one sync now.
      void wake();
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

export const idleCommands: Record<string, CommandHandler> = {
  IDLE: {
    states: AUTHENTICATED,
    async run(session, { tag }) {
      const controller = new AbortController();
      session.onClose = () => controller.abort();
      session.write(Buffer.from('+ En attente\r\n'));
      void follow(session, controller.signal, async () => {
        const { selected } = session;
        if (!selected || controller.signal.aborted) return;
        await selected.refresh((b) => session.write(b), { expunges: true });
      });
      session.continuation = async (line) => {
        controller.abort();
        session.onClose = null;
        if (line.trim().toUpperCase() === 'DONE') session.write(status(tag, 'OK', 'IDLE termine'));
        else session.write(status(tag, 'BAD', 'DONE attendu'));
      };
    },
  },
};
