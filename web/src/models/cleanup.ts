import { signal } from '@preact/signals';
import * as v from 'valibot';
import { CLEANUP, type Cleanup, CleanupSchema } from '../../../shared/account/cleanup.ts';
import { JMAP_CORE_LIMITS } from '../../../shared/jmap/limits.ts';
import { ApiFailure } from '../lib/api-client.ts';
import { jmap } from '../lib/jmap.ts';
import { accountId, refresh } from './mailbox.ts';
import { createModel } from './model.ts';
import { roleMailbox } from './triage.ts';

/**
 * The clean-up assistant (shared/account/cleanup.ts): the groups the server computes,
 * moved to the Corbeille in one click each, then the Corbeille emptied, which is what
 * gives the space back. Loaded with its screen, on demand.
 */
export const { cleanup, cleanupAge, cleanupBusy, cleanupError, cleanupNotice } = createModel({
  cleanup: signal<Cleanup | null>(null),
  cleanupAge: signal<number>(CLEANUP.defaultAgeMonths),
  cleanupBusy: signal(false),
  cleanupError: signal<string | null>(null),
  cleanupNotice: signal<string | null>(null),
});

function failure(error: unknown, fallback: string): string {
  return error instanceof ApiFailure && error.code === 'unavailable'
    ? 'Hors connexion : l’assistant a besoin du réseau.'
    : fallback;
}

/** Asks the server what takes room, for the age chosen. */
export async function loadCleanup(): Promise<void> {
  const account = accountId.value;
  if (!account) return;
  cleanupError.value = null;
  try {
    const got = await jmap([
      ['Cleanup/get', { accountId: account, olderThanMonths: cleanupAge.value }, 'c'],
    ]);
    const parsed = v.safeParse(CleanupSchema, got.get('c'));
    if (!parsed.success) throw new Error('unexpected answer');
    if (accountId.peek() === account) cleanup.value = parsed.output;
  } catch (error) {
    cleanupError.value = failure(error, 'L’analyse de la boîte n’a pas pu être faite.');
  }
}

/** Email/set in batches the server takes (`maxObjectsInSet`); returns how many it did. */
async function inBatches(
  ids: string[],
  call: (batch: string[]) => Record<string, unknown>,
  done: (answer: Record<string, unknown> | undefined) => number,
): Promise<number> {
  let count = 0;
  for (let i = 0; i < ids.length; i += JMAP_CORE_LIMITS.maxObjectsInSet) {
    const batch = ids.slice(i, i + JMAP_CORE_LIMITS.maxObjectsInSet);
    const got = await jmap([['Email/set', call(batch), 's']]);
    count += done(got.get('s'));
  }
  return count;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * One action of the assistant, one at a time: the messages changed in batches, then the
 * groups read again and the mail synced; `done` says in French what was done.
 */
async function act(
  ids: string[],
  call: (account: string, batch: string[]) => Record<string, unknown>,
  counted: (answer: Record<string, unknown> | undefined) => number,
  done: (count: number) => string,
  refused: string,
): Promise<void> {
  const account = accountId.value;
  if (!account || ids.length === 0 || cleanupBusy.value) return;
  cleanupBusy.value = true;
  cleanupError.value = null;
  cleanupNotice.value = null;
  try {
    const count = await inBatches(ids, (batch) => call(account, batch), counted);
    cleanupNotice.value = done(count);
    await loadCleanup();
    void refresh();
  } catch (error) {
    cleanupError.value = failure(error, refused);
  } finally {
    cleanupBusy.value = false;
  }
}

/** Moves messages to the Corbeille (still recoverable there until it is emptied). */
export async function trashMessages(ids: string[]): Promise<void> {
  const bin = roleMailbox('trash');
  if (!bin) return;
  await act(
    ids,
    (accountId, batch) => ({
      accountId,
      update: Object.fromEntries(batch.map((id) => [id, { mailboxIds: { [bin.id]: true } }])),
    }),
    (answer) => Object.keys((answer?.updated as Record<string, unknown> | null) ?? {}).length,
    (moved) =>
      `${plural(moved, 'message mis', 'messages mis')} à la corbeille. Videz la corbeille pour libérer l’espace.`,
    'Les messages n’ont pas pu être mis à la corbeille.',
  );
}

/** Empties the Corbeille: its messages are destroyed and their space given back. */
export async function emptyTrash(ids: string[]): Promise<void> {
  await act(
    ids,
    (accountId, batch) => ({ accountId, destroy: batch }),
    (answer) => ((answer?.destroyed as string[] | null) ?? []).length,
    (destroyed) =>
      `Corbeille vidée : ${plural(destroyed, 'message supprimé', 'messages supprimés')} définitivement.`,
    'La corbeille n’a pas pu être vidée.',
  );
}
