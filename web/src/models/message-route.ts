import { effect } from '@preact/signals';
import { type MessageLink, readMessageLink } from '../../../shared/message-link.ts';
import { db } from '../db.ts';
import { newMessage } from './composer.ts';
import { refresh, selectedMailboxId } from './mailbox.ts';
import { open } from './reader.ts';
import { currentBalId, me } from './session.ts';

/**
 * The links the extension opens (`shared/message-link.ts`): `/#bal=…&message=…` opens a
 * message, `/#bal=…` the BAL's inbox, `/#bal=…&compose=new` its composer. The link is taken
 * out of the address bar and kept in `sessionStorage` (this tab only) across a login.
 */
const PENDING_KEY = 'pli:message-link';

let pending: MessageLink | null = null;

/** Reads the address at start: a link of the extension is kept until its BAL opens. */
export function readMessageAddress(where: Location = location): void {
  const given = readMessageLink(where.hash);
  try {
    if (given) sessionStorage.setItem(PENDING_KEY, JSON.stringify(given));
    const kept = sessionStorage.getItem(PENDING_KEY);
    pending = kept ? (JSON.parse(kept) as MessageLink) : null;
  } catch {
    pending = given;
  }
  if (given) history.replaceState(history.state, '', where.pathname);
}

// Once signed in (at start or after a login): the link's BAL becomes the current one, if
// the person may use it.
effect(() => {
  const person = me.value;
  if (pending && person?.bals.some((bal) => bal.id === pending?.accountId)) {
    currentBalId.value = pending.accountId;
  }
});

/** Once the BAL is open: the message (or the composer) of the link, then the link is spent. */
export async function openLinked(account: string): Promise<void> {
  const link = pending;
  if (!link || link.accountId !== account) return;
  pending = null;
  try {
    sessionStorage.removeItem(PENDING_KEY);
  } catch {
    // Storage unavailable: nothing kept.
  }
  if (link.compose) {
    newMessage();
    return;
  }
  if (!link.emailId) return;
  let email = await db.emails.get([account, link.emailId]);
  if (!email) {
    await refresh();
    email = await db.emails.get([account, link.emailId]);
  }
  if (!email) return;
  const mailboxes = await db.mailboxes.where('accountId').equals(account).toArray();
  const inbox = mailboxes.find((m) => m.role === 'inbox' && email?.mailboxIds[m.id]);
  selectedMailboxId.value = inbox?.id ?? Object.keys(email.mailboxIds)[0] ?? null;
  await open(email);
}
