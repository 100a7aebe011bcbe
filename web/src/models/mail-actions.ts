import type { CachedEmail, PliDatabase, QueuedAction } from '../db.ts';
import { ApiFailure } from '../lib/api-client.ts';
import { jmap } from '../lib/jmap.ts';

/** Applies an Email/set patch (`keywords/$seen`, `mailboxIds/<id>`…) to a cached message. */
export function applyPatch(email: CachedEmail, patch: Record<string, unknown>): CachedEmail {
  const next: CachedEmail = {
    ...email,
    keywords: { ...email.keywords },
    mailboxIds: { ...email.mailboxIds },
  };
  for (const [path, value] of Object.entries(patch)) {
    const [property, key] = path.split('/');
    if ((property === 'keywords' || property === 'mailboxIds') && key === undefined) {
      next[property] = { ...(value as Record<string, true>) };
    } else if ((property === 'keywords' || property === 'mailboxIds') && key !== undefined) {
      const map = next[property] as Record<string, true>;
      if (value === true) map[key] = true;
      else delete map[key];
    }
  }
  return next;
}

/**
 * Takes an action at once on the local copy and queues it for the server, so that it
 * works offline; `flushOutbox` sends the queue in order when the network is there.
 */
export async function queueAction(
  db: PliDatabase,
  accountId: string,
  emailId: string,
  patch: Record<string, unknown> | null,
): Promise<void> {
  await db.transaction('rw', db.emails, db.bodies, db.outbox, async () => {
    const email = await db.emails.get([accountId, emailId]);
    if (patch === null) {
      await db.emails.delete([accountId, emailId]);
      await db.bodies.delete([accountId, emailId]);
    } else if (email) {
      await db.emails.put(applyPatch(email, patch));
    }
    await db.outbox.add({ accountId, emailId, patch, queuedAt: Date.now() });
  });
}

/**
 * Sends queued actions in order, one request each, and removes each once the server has
 * answered. A network failure stops the flush (the rest waits for the next one); an action
 * the server refuses (the message is gone, say) is dropped, since retrying cannot help.
 */
export async function flushOutbox(db: PliDatabase, call = jmap): Promise<number> {
  let sent = 0;
  for (;;) {
    const action: QueuedAction | undefined = await db.outbox.orderBy('seq').first();
    if (!action?.seq) return sent;
    const args =
      action.patch === null
        ? { accountId: action.accountId, destroy: [action.emailId] }
        : { accountId: action.accountId, update: { [action.emailId]: action.patch } };
    try {
      await call([['Email/set', args, 's']]);
    } catch (error) {
      if (error instanceof ApiFailure && (error.code === 'unavailable' || error.status >= 500)) {
        return sent;
      }
    }
    await db.outbox.delete(action.seq);
    sent += 1;
  }
}
