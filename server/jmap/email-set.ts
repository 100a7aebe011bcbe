import type { TraceKind } from '../../shared/account/traces.ts';
import { destroyEmail, keywordsOf, mailboxesOf, updateEmail } from '../mailbox/emails.ts';
import { recordTrace } from '../storage/traces.ts';
import { type Args, type Handler, type MethodScope, resolveId } from './context.ts';
import { invalid, keywordsOfArg, mailboxIdsOf } from './email-args.ts';
import { createEmail } from './email-create.ts';
import { setError } from './errors.ts';
import { runSet } from './set.ts';

/** Applies an Email/set update patch (keywords and mailboxIds, whole or by path). */
function update(scope: MethodScope, id: string, patch: Args): { moved: boolean } {
  const { store } = scope;
  if (!store.one('SELECT 1 AS x FROM emails WHERE id = ?', id)) throw setError('notFound');
  let keywords: Set<string> | null = null;
  let mailboxes: Set<string> | null = null;
  for (const [path, value] of Object.entries(patch)) {
    if (path === 'keywords') keywords = new Set(keywordsOfArg(value));
    else if (path === 'mailboxIds') mailboxes = new Set(mailboxIdsOf(scope, value));
    else if (path.startsWith('keywords/')) {
      keywords ??= new Set(keywordsOf(store, id));
      const k = path.slice(9).toLowerCase();
      keywordsOfArg({ [k]: true });
      if (value === true) keywords.add(k);
      else if (value === null || value === false) keywords.delete(k);
      else throw invalid([path]);
    } else if (path.startsWith('mailboxIds/')) {
      mailboxes ??= new Set(mailboxesOf(store, id));
      const m = resolveId(scope, path.slice(11));
      if (value === true) {
        if (!store.one('SELECT 1 AS x FROM mailboxes WHERE id = ?', m))
          throw invalid([path], 'Unknown folder.');
        mailboxes.add(m);
      } else if (value === null || value === false) mailboxes.delete(m);
      else throw invalid([path]);
    } else throw invalid([path]);
  }
  if (mailboxes && mailboxes.size === 0)
    throw invalid(['mailboxIds'], 'An email must be in at least one folder.');
  return store.transaction(() =>
    updateEmail(store, id, {
      ...(mailboxes ? { mailboxIds: [...mailboxes] } : {}),
      ...(keywords ? { keywords: [...keywords] } : {}),
    }),
  );
}

function trace(scope: MethodScope, kind: TraceKind, count: number) {
  if (count === 0) return;
  scope.waitUntil(
    recordTrace(scope.store.env.DB, {
      kind,
      actorIdNat: scope.ctx.actorIdNat,
      balId: scope.ctx.accountId,
      channel: scope.ctx.channel,
      detail: `count=${count}`,
    }),
  );
}

/** Email/set; also used for the implicit set of EmailSubmission's onSuccess* arguments. */
export async function emailSet(scope: MethodScope, args: Args): Promise<Args> {
  let moved = 0;
  let deleted = 0;
  const result = await runSet(scope, args, 'Email', {
    create: (object) => createEmail(scope, object),
    update: (id, patch) => {
      if (update(scope, id, patch).moved) moved += 1;
      return null;
    },
    destroy: async (id) => {
      if (!(await destroyEmail(scope.store, id))) throw setError('notFound');
      deleted += 1;
    },
  });
  trace(scope, 'mail_moved', moved);
  trace(scope, 'mail_deleted', deleted);
  return result;
}

export const emailWriteMethods: Record<string, Handler> = {
  'Email/set': emailSet,
};
