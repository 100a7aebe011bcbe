import { sendReadReceipt } from '../delivery/mdn.ts';
import { keywordsOf, updateEmail } from '../mailbox/emails.ts';
import { recordTrace } from '../storage/traces.ts';
import { type Args, type Handler, type MethodScope, resolveId } from './context.ts';
import { MethodError, type SetError } from './errors.ts';

async function sendOne(scope: MethodScope, item: Args): Promise<Args | SetError> {
  const { store, ctx } = scope;
  const emailId = typeof item.forEmailId === 'string' ? resolveId(scope, item.forEmailId) : '';
  const email = store.one<{ blob_id: string }>('SELECT blob_id FROM emails WHERE id = ?', emailId);
  if (!email) return { type: 'notFound', description: 'Unknown email.' };
  if (keywordsOf(store, emailId).includes('$mdnsent')) {
    return { type: 'mdnAlreadySent', description: 'A read receipt was already sent.' };
  }
  const raw = await store.readBlob(email.blob_id);
  const address = store.meta('address');
  if (!raw || !address) return { type: 'notFound' };
  const result = await sendReadReceipt(store.env, {
    balId: ctx.accountId,
    balAddress: address,
    original: raw,
  });
  if (!result.ok) {
    if ('reason' in result)
      return { type: 'invalidProperties', description: 'No read receipt was asked for.' };
    return {
      type: 'forbiddenToSend',
      description: 'The receipt address is outside the trust space.',
    };
  }
  store.transaction(() =>
    updateEmail(store, emailId, { keywords: [...keywordsOf(store, emailId), '$mdnsent'] }),
  );
  scope.waitUntil(
    recordTrace(store.env.DB, {
      kind: 'mdn_sent',
      actorIdNat: ctx.actorIdNat,
      balId: ctx.accountId,
      channel: ctx.channel,
    }),
  );
  return {
    forEmailId: emailId,
    disposition: {
      actionMode: 'manual-action',
      sendingMode: 'mdn-sent-manually',
      type: 'displayed',
    },
  };
}

/**
 * MDN/send (RFC 9007): the user opened a message that asks for a read receipt and agreed;
 * the receipt (RFC 8098, built by `server/delivery/mdn.ts`) goes out once, and the email
 * gets the `$mdnsent` keyword.
 */
const send: Handler = async (scope, args) => {
  const items = args.send;
  if (!items || typeof items !== 'object')
    throw new MethodError('invalidArguments', 'send is required.');
  const sent: Args = {};
  const notSent: Args = {};
  for (const [cid, item] of Object.entries(items as Record<string, Args>)) {
    const outcome = await sendOne(scope, item);
    if ('type' in outcome) notSent[cid] = outcome;
    else sent[cid] = outcome;
  }
  return {
    accountId: args.accountId,
    sent: Object.keys(sent).length ? sent : null,
    notSent: Object.keys(notSent).length ? notSent : null,
  };
};

export const mdnMethods: Record<string, Handler> = { 'MDN/send': send };
