import * as v from 'valibot';
import { JmapResponseSchema, UploadResponseSchema } from '../../shared/jmap/schemas.ts';
import { sendRefusalText } from '../../shared/jmap/send-refusals.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import { messageText, sendKeyword } from './compose-rules.ts';
import type { Outgoing } from './outgoing.ts';
import { jmapFetch } from './pairing.ts';

/**
 * Sending one "Envoyer via MSSanté" message through JMAP with the device token, exactly
 * once however often it is tried (a lost answer, the background stopped mid-send, two
 * triggers at once):
 *
 * 1. The draft carries the keyword `$pli-envoi-<item id>`. Before creating anything, an
 *    `Email/query` looks for it: a draft (or sent message) made by an earlier try is reused,
 *    never made twice.
 * 2. That Email is submitted (`EmailSubmission/set`, moved to Sent on success). Pli submits
 *    an Email at most once: a second try gets `forbidden` with `alreadySubmittedBy`, which
 *    means the first one went.
 *
 * Pli's refusals (outside the trust space, too large, BAL full) destroy the draft, so none
 * is left behind in Drafts; the item keeps the message for the person to change and resend.
 */

export type SendOutcome =
  | { kind: 'sent' }
  | { kind: 'refused'; reason: string }
  /** Pli was not reached or did not answer: try again later. */
  | { kind: 'retry' }
  | { kind: 'unpaired' };

class Unanswered extends Error {}
class Unpaired extends Error {}

type Responses = Map<string, [string, Record<string, unknown>]>;

async function call(calls: [string, Record<string, unknown>, string][]): Promise<Responses> {
  let response: Response | null;
  try {
    response = await jmapFetch('/jmap/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        using: [
          JMAP_CAPABILITIES.core,
          JMAP_CAPABILITIES.mail,
          JMAP_CAPABILITIES.submission,
          JMAP_CAPABILITIES.mssante,
        ],
        methodCalls: calls,
      }),
    });
  } catch {
    throw new Unanswered();
  }
  if (!response || response.status === 401) throw new Unpaired();
  if (!response.ok) throw new Unanswered();
  const parsed = v.safeParse(JmapResponseSchema, await response.json().catch(() => null));
  if (!parsed.success) throw new Unanswered();
  const map: Responses = new Map();
  for (const [name, args, id] of parsed.output.methodResponses) {
    if (name === 'error') throw new Unanswered();
    map.set(id, [name, args]);
  }
  return map;
}

async function upload(accountId: string, data: Blob, type: string): Promise<string> {
  let response: Response | null;
  try {
    response = await jmapFetch(`/jmap/upload/${encodeURIComponent(accountId)}`, {
      method: 'POST',
      headers: { 'Content-Type': type || 'application/octet-stream' },
      body: data,
    });
  } catch {
    throw new Unanswered();
  }
  if (!response || response.status === 401) throw new Unpaired();
  if (response.status === 413) throw new Refused({ type: 'tooLarge' });
  if (!response.ok) throw new Unanswered();
  const parsed = v.safeParse(UploadResponseSchema, await response.json().catch(() => null));
  if (!parsed.success) throw new Unanswered();
  return parsed.output.blobId;
}

class Refused extends Error {
  constructor(readonly error: Record<string, unknown>) {
    super('refused');
  }
}

const list = (r: Responses, id: string) => (r.get(id)?.[1].list ?? []) as Record<string, unknown>[];
const ids = (r: Responses, id: string) => (r.get(id)?.[1].ids ?? []) as string[];

/** Sends the item's message (its state must be `queued`). Never throws. */
export async function sendOutgoing(item: Outgoing): Promise<SendOutcome> {
  const message = item.message;
  if (!message) return { kind: 'refused', reason: 'Le message est vide.' };
  const accountId = message.accountId;
  const keyword = sendKeyword(item.id);
  try {
    const found = await call([
      ['Email/query', { accountId, filter: { hasKeyword: keyword }, limit: 1 }, 'q'],
      ['Mailbox/get', { accountId, properties: ['role'] }, 'm'],
      ['Identity/get', { accountId }, 'i'],
    ]);
    const mailboxes = list(found, 'm');
    const drafts = mailboxes.find((m) => m.role === 'drafts')?.id as string | undefined;
    const sent = mailboxes.find((m) => m.role === 'sent')?.id as string | undefined;
    const identity = list(found, 'i')[0] as { id: string; email: string; name: string } | undefined;
    if (!drafts || !sent || !identity) throw new Unanswered();
    let emailId = ids(found, 'q')[0];
    if (!emailId) {
      const attachments = item.attachment
        ? [
            {
              blobId: await upload(accountId, item.attachment.data, item.attachment.type),
              type: item.attachment.type,
              name: item.attachment.name,
              disposition: 'attachment',
            },
          ]
        : [];
      const created = await call([
        [
          'Email/set',
          {
            accountId,
            create: {
              draft: {
                mailboxIds: { [drafts]: true },
                keywords: { $draft: true, $seen: true, [keyword]: true },
                from: [{ name: identity.name || null, email: identity.email }],
                to: message.to.map((email) => ({ name: null, email })),
                cc: message.cc.map((email) => ({ name: null, email })),
                subject: message.subject,
                bodyValues: { body: { value: messageText(item, message) } },
                textBody: [{ partId: 'body', type: 'text/plain' }],
                attachments,
                ...(message.readReceipt ? { mssReadReceipt: true } : {}),
              },
            },
          },
          'e',
        ],
      ]);
      const args = created.get('e')?.[1] ?? {};
      const refused = (args.notCreated as Record<string, Record<string, unknown>> | null)?.draft;
      if (refused) throw new Refused(refused);
      emailId = ((args.created as Record<string, { id: string }> | null)?.draft?.id ??
        '') as string;
      if (!emailId) throw new Unanswered();
    }
    const submitted = await call([
      [
        'EmailSubmission/set',
        {
          accountId,
          create: { send: { identityId: identity.id, emailId } },
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
    const args = submitted.get('s')?.[1] ?? {};
    const refused = (args.notCreated as Record<string, Record<string, unknown>> | null)?.send;
    if (!refused) return { kind: 'sent' };
    // Submitted by an earlier try whose answer was lost: it went, once.
    if (refused.type === 'forbidden' && refused.alreadySubmittedBy) return { kind: 'sent' };
    // Refused: no draft stays behind in Drafts (the item keeps the message).
    await call([['Email/set', { accountId, destroy: [emailId] }, 'd']]).catch(() => undefined);
    return { kind: 'refused', reason: sendRefusalText(refused) };
  } catch (failure) {
    if (failure instanceof Refused) {
      return { kind: 'refused', reason: sendRefusalText(failure.error) };
    }
    if (failure instanceof Unpaired) return { kind: 'unpaired' };
    return { kind: 'retry' };
  }
}
