/**
 * The PWA's address that opens one message (or a BAL's inbox, or its composer): what the
 * extension's notifications and its "Nouveau message" open. The ids travel in the fragment, never to a server log; the PWA reads
 * them (`web/src/models/message-route.ts`) and takes them out of the address bar.
 *
 * @example
 * messageLink('https://pli.example', 'bal1', 'e42'); // 'https://pli.example/#bal=bal1&message=e42'
 * readMessageLink('#bal=bal1&message=e42'); // { accountId: 'bal1', emailId: 'e42', compose: false }
 */

/** The address in the PWA of a message of a BAL, or of the BAL's inbox without `emailId`. */
export function messageLink(origin: string, accountId: string, emailId?: string): string {
  const params = new URLSearchParams({ bal: accountId });
  if (emailId) params.set('message', emailId);
  return `${origin}/#${params.toString()}`;
}

/** The address in the PWA of a new message written from a BAL. */
export function composeLink(origin: string, accountId: string): string {
  return `${origin}/#${new URLSearchParams({ bal: accountId, compose: 'new' }).toString()}`;
}

/** What a link of the PWA asks to open. */
export interface MessageLink {
  accountId: string;
  emailId: string | null;
  compose: boolean;
}

/** What a fragment asks to open, or null when it names no BAL. */
export function readMessageLink(hash: string): MessageLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const accountId = params.get('bal');
  if (!accountId) return null;
  return {
    accountId,
    emailId: params.get('message') || null,
    compose: params.get('compose') === 'new',
  };
}
