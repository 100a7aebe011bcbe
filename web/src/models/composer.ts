import { effect, signal } from '@preact/signals';
import type { DirectoryResult, DirectorySearchResponse } from '../../../shared/directory/api.ts';
import { type CachedEmail, db } from '../db.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { JmapMethodError, jmap, uploadBlob } from '../lib/jmap.ts';
import { accountId, mailboxes, refresh } from './mailbox.ts';
import { createModel } from './model.ts';
import { currentBal } from './session.ts';

export interface Draft {
  to: string;
  cc: string;
  subject: string;
  body: string;
  files: File[];
  readReceipt: boolean;
  inReplyTo: string[] | null;
  references: string[] | null;
}

const EMPTY: Draft = {
  to: '',
  cc: '',
  subject: '',
  body: '',
  files: [],
  readReceipt: false,
  inReplyTo: null,
  references: null,
};

let saveTimer: ReturnType<typeof setTimeout> | undefined;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

export const { composing, draft, sending, composeError, sentNotice, suggestions } = createModel(
  {
    composing: signal(false),
    draft: signal<Draft>(EMPTY),
    sending: signal(false),
    composeError: signal<string | null>(null),
    sentNotice: signal<string | null>(null),
    suggestions: signal<DirectoryResult[]>([]),
  },
  () => {
    clearTimeout(saveTimer);
    clearTimeout(searchTimer);
  },
);

/** Splits "a@b.fr, c@d.fr; e@f.fr" into addresses. */
export function parseAddresses(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

// What is typed is saved (debounced) so that a reload or a crash never loses it; attached
// files are not kept (they are on the user's disk).
effect(() => {
  const account = accountId.value;
  const value = draft.value;
  if (!account || !composing.value) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const { files: _files, ...text } = value;
    const empty = !text.to && !text.cc && !text.subject && !text.body;
    const saved: Promise<unknown> = empty
      ? db.drafts.delete(account)
      : db.drafts.put({ accountId: account, ...text, savedAt: Date.now() });
    saved.catch(() => undefined);
  }, 300);
});

/** Reopens the composer on the draft saved for an account, if there is one. */
export async function restoreDraft(account: string): Promise<void> {
  const saved = await db.drafts.get(account).catch(() => undefined);
  if (!saved || accountId.value !== account) return;
  const { accountId: _account, savedAt: _savedAt, ...text } = saved;
  draft.value = { ...text, files: [] };
  composing.value = true;
}

async function forgetDraft(): Promise<void> {
  clearTimeout(saveTimer);
  const account = accountId.value;
  if (account) await db.drafts.delete(account).catch(() => undefined);
}

export function newMessage(): void {
  draft.value = EMPTY;
  composeError.value = null;
  sentNotice.value = null;
  composing.value = true;
}

/** A reply to the sender, in the same conversation (In-Reply-To and References). */
export async function reply(email: CachedEmail): Promise<void> {
  const account = accountId.value;
  let ids: { messageId: string[] | null; references: string[] | null } = {
    messageId: null,
    references: null,
  };
  if (account) {
    try {
      const got = await jmap([
        [
          'Email/get',
          { accountId: account, ids: [email.id], properties: ['messageId', 'references'] },
          'r',
        ],
      ]);
      ids = (got.get('r')?.list as (typeof ids)[] | undefined)?.[0] ?? ids;
    } catch {
      // Offline: the reply still goes to the sender, without threading headers.
    }
  }
  const subject = email.subject ?? '';
  draft.value = {
    ...EMPTY,
    to: email.from?.map((a) => a.email).join(', ') ?? '',
    subject: /^re\s*:/i.test(subject) ? subject : `Re: ${subject}`,
    inReplyTo: ids.messageId,
    references: [...(ids.references ?? []), ...(ids.messageId ?? [])],
  };
  composeError.value = null;
  composing.value = true;
}

export function cancel(): void {
  composing.value = false;
  void forgetDraft();
}

/** Directory suggestions for the last address being typed (never patients). */
export function suggest(text: string): void {
  clearTimeout(searchTimer);
  const query = parseAddresses(text).at(-1) ?? '';
  if (query.length < 2) {
    suggestions.value = [];
    return;
  }
  searchTimer = setTimeout(async () => {
    try {
      const found = await api<DirectorySearchResponse>(
        `/api/directory?q=${encodeURIComponent(query)}&limit=8`,
      );
      suggestions.value = found.results;
    } catch {
      suggestions.value = [];
    }
  }, 200);
}

function roleId(role: string): string | undefined {
  return mailboxes.value.find((m) => m.role === role)?.id;
}

function refusalText(error: Record<string, unknown>): string {
  const refused = (error.invalidRecipients as string[] | undefined) ?? [];
  if (error.type === 'invalidRecipients' && refused.length) {
    return `Destinataire hors de l’espace de confiance MSSanté ou adresse patient invalide : ${refused.join(', ')}. Rien n’a été envoyé.`;
  }
  if (error.type === 'overQuota') {
    return 'Votre boîte aux lettres est pleine (2 Go) : supprimez des messages pour pouvoir envoyer.';
  }
  if (error.type === 'forbiddenToSend')
    return 'Vous n’êtes pas autorisé à envoyer depuis cette boîte.';
  return 'Le message n’a pas pu être envoyé. Rien n’a été envoyé.';
}

/**
 * Sends the draft from the current BAL: attachments uploaded, then one JMAP request that
 * creates the message in Drafts and submits it, moving it to Sent on success.
 */
export async function send(): Promise<void> {
  const account = accountId.value;
  const bal = currentBal.value;
  const drafts = roleId('drafts');
  const sent = roleId('sent');
  if (!account || !bal || !drafts || !sent) return;
  const value = draft.value;
  const to = parseAddresses(value.to);
  if (to.length === 0) {
    composeError.value = 'Indiquez au moins un destinataire.';
    return;
  }
  sending.value = true;
  composeError.value = null;
  try {
    const attachments = [];
    for (const file of value.files) {
      const blobId = await uploadBlob(account, file);
      attachments.push({
        blobId,
        type: file.type || 'application/octet-stream',
        name: file.name,
        disposition: 'attachment',
      });
    }
    const identities = await jmap([['Identity/get', { accountId: account }, 'i']]);
    const identityId = (identities.get('i')?.list as { id: string }[] | undefined)?.[0]?.id;
    const responses = await jmap([
      [
        'Email/set',
        {
          accountId: account,
          create: {
            draft: {
              mailboxIds: { [drafts]: true },
              keywords: { $draft: true, $seen: true },
              from: [{ name: bal.displayName, email: bal.address }],
              to: to.map((email) => ({ name: null, email })),
              cc: parseAddresses(value.cc).map((email) => ({ name: null, email })),
              subject: value.subject,
              ...(value.inReplyTo
                ? { inReplyTo: value.inReplyTo, references: value.references }
                : {}),
              bodyValues: { body: { value: value.body } },
              textBody: [{ partId: 'body', type: 'text/plain' }],
              attachments,
              ...(value.readReceipt ? { mssReadReceipt: true } : {}),
            },
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        {
          accountId: account,
          create: { send: { identityId, emailId: '#draft' } },
          onSuccessUpdateEmail: {
            '#send': {
              [`mailboxIds/${drafts}`]: null,
              [`mailboxIds/${sent}`]: true,
              'keywords/$draft': null,
            },
          },
        },
        's',
      ],
    ]);
    const notCreated = (
      responses.get('e')?.notCreated as Record<string, Record<string, unknown>> | null
    )?.draft;
    const refused = (
      responses.get('s')?.notCreated as Record<string, Record<string, unknown>> | null
    )?.send;
    if (notCreated || refused) {
      composeError.value = refusalText(notCreated ?? refused ?? {});
      // The draft stays in Drafts when the submission is refused: nothing is lost.
      void refresh();
      return;
    }
    composing.value = false;
    await forgetDraft();
    sentNotice.value = 'Message envoyé.';
    void refresh();
  } catch (failure) {
    composeError.value =
      failure instanceof ApiFailure && failure.code === 'unavailable'
        ? 'Hors connexion : le message n’est pas parti. Il reste dans cette fenêtre ; renvoyez-le au retour du réseau.'
        : failure instanceof JmapMethodError || failure instanceof ApiFailure
          ? 'Le message n’a pas pu être envoyé. Rien n’a été envoyé.'
          : 'Une erreur est survenue.';
  } finally {
    sending.value = false;
  }
}
