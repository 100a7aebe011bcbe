import { computed, effect, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { type CachedEmail, db } from '../db.ts';
import { accountId, mailboxes, selectedMailboxId } from './mailbox.ts';
import { open } from './reader.ts';

/**
 * Desktop notifications of new mail while Pli is open (Notification API), chosen on this
 * device (`localStorage`, not personal data). Discreet by default: no sender unless the
 * person chose so, never the subject; a click opens the message.
 */
const KEY = 'pli.desktopNotices';

/** How many of the inbox's newest unread messages are watched. */
const WATCHED = 50;
/** A message counts as new mail only if it arrived this recently (clock skew allowed). */
const RECENT_MS = 10 * 60 * 1000;
/** More new messages than this at once make one notification that counts them. */
const ONE_BY_ONE = 3;

interface Choice {
  on: boolean;
  sender: boolean;
}

const stored = (): Choice => {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Choice> | null;
    return { on: value?.on === true, sender: value?.sender === true };
  } catch {
    return { on: false, sender: false };
  }
};

/** The device's choice; `on` also needs the browser's permission. */
export const desktopNotices = signal<Choice>(stored());

/** Notifications as the browser allows them: `unsupported` without the API. */
export const notificationPermission = signal<NotificationPermission | 'unsupported'>(
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
);

function save(choice: Choice) {
  desktopNotices.value = choice;
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // Private mode: for this visit only.
  }
}

/**
 * Turns the notifications on or off. Turning them on asks the browser's permission: call
 * it from the click that turns them on (browsers ask only on a user gesture).
 */
export async function setDesktopNotices(on: boolean): Promise<void> {
  if (!on || typeof Notification === 'undefined') {
    save({ ...desktopNotices.value, on: false });
    return;
  }
  const permission =
    Notification.permission === 'default'
      ? await Notification.requestPermission()
      : Notification.permission;
  notificationPermission.value = permission;
  save({ ...desktopNotices.value, on: permission === 'granted' });
}

/** Whether the sender is named in the notification (the subject never is). */
export function setNoticeSender(sender: boolean): void {
  save({ ...desktopNotices.value, sender });
}

/** The notification's text for new messages: never a subject; a sender only if chosen. */
export function noticeText(emails: CachedEmail[], withSender: boolean): string {
  if (emails.length !== 1) return `${emails.length} nouveaux messages dans votre boîte.`;
  const from = emails[0]?.from?.[0];
  const sender = from?.name || from?.email;
  return withSender && sender
    ? `Nouveau message de ${sender}.`
    : 'Nouveau message dans votre boîte.';
}

function show(account: string, inbox: string, emails: CachedEmail[]) {
  const choice = desktopNotices.peek();
  const single = emails.length === 1 ? emails[0] : undefined;
  const notice = new Notification('Pli', {
    body: noticeText(emails, choice.sender),
    // One notification per message (a second device's sync does not show it twice).
    tag: single ? `pli-${account}-${single.id}` : `pli-${account}-new`,
    lang: 'fr',
  });
  notice.onclick = () => {
    window.focus();
    notice.close();
    if (accountId.peek() !== account) return;
    selectedMailboxId.value = inbox;
    if (single) void open(single);
  };
}

/** The open BAL's inbox (a computed: the folders' counts changing do not re-run the watch). */
const inboxId = computed(() => mailboxes.value.find((m) => m.role === 'inbox')?.id ?? null);

/** Per BAL, the messages already seen by the watch (the first read of the cache included). */
const known = new Map<string, Set<string>>();

// While a BAL is open and the notifications are on: the messages that reach its inbox
// once the cache has been read (the first answer is what was already there), unread and
// recent (a first login fills the cache with older mail: not new mail).
effect(() => {
  const account = accountId.value;
  const inbox = inboxId.value;
  const { on } = desktopNotices.value;
  if (!account || !inbox || !on || notificationPermission.value !== 'granted') return;
  // The first watch of a BAL takes what the cache holds as already seen.
  let baseline = !known.has(account);
  const ids = known.get(account) ?? new Set<string>();
  known.set(account, ids);
  const sub = liveQuery(() =>
    db.emails
      .where('[accountId+receivedAt]')
      .between([account, ''], [account, '\uffff'])
      .reverse()
      .filter((e) => e.mailboxIds[inbox] === true && !e.keywords.$seen)
      .limit(WATCHED)
      .toArray(),
  ).subscribe((list) => {
    const fresh = list.filter((e) => !ids.has(e.id));
    for (const email of fresh) ids.add(email.id);
    if (baseline) {
      baseline = false;
      return;
    }
    const now = Date.now();
    const arrived = fresh.filter((e) => now - Date.parse(e.receivedAt) < RECENT_MS);
    if (arrived.length > ONE_BY_ONE) show(account, inbox, arrived);
    else for (const email of arrived) show(account, inbox, [email]);
  });
  return () => sub.unsubscribe();
});
