import { browser } from '#imports';
import { messageLink } from '../../shared/message-link.ts';
import type { SessionBal } from './followed.ts';
import { serverUrl } from './settings.ts';

/**
 * The new-mail notifications (`chrome.notifications`). Discreet by default: the BAL's
 * address only, never the subject or a word of the message; the sender's name only when
 * the person turned it on. A click opens the message (or, for several, the BAL's inbox)
 * in the PWA.
 */

/** A new message as the notification may name it. */
export interface NewMessage {
  id: string;
  /** The sender as shown (name, else address); used only when the setting asks for it. */
  sender: string | null;
}

const PREFIX = 'pli-mail';

/** The notification's text: the BAL, then the senders if asked for. */
export function notificationText(
  address: string,
  messages: NewMessage[],
  showSender: boolean,
): string {
  const count = messages.length;
  const what =
    count === 1
      ? `Nouveau message dans la BAL ${address}`
      : `${count} nouveaux messages dans la BAL ${address}`;
  if (!showSender) return what;
  const senders = [...new Set(messages.map((m) => m.sender).filter((s): s is string => !!s))];
  if (senders.length === 0) return what;
  const shown = senders.slice(0, 3).join(', ') + (senders.length > 3 ? '…' : '');
  return `${what}\nDe : ${shown}`;
}

/** Shows one notification for the new messages of one BAL. */
export async function notifyNewMail(
  bal: Pick<SessionBal, 'id' | 'address'>,
  messages: NewMessage[],
  showSender: boolean,
): Promise<void> {
  if (messages.length === 0) return;
  const single = messages.length === 1 ? (messages[0]?.id ?? '') : '';
  // The id says what a click opens: the BAL and, for one message, the message.
  const id = [PREFIX, encodeURIComponent(bal.id), encodeURIComponent(single), Date.now()].join('|');
  await browser.notifications.create(id, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon-128.png'),
    title: 'Pli',
    message: notificationText(bal.address, messages, showSender),
  });
}

/** A click on a notification of ours: the PWA at the message, or at the BAL's inbox. */
export async function openNotification(notificationId: string): Promise<void> {
  const [prefix, account, email] = notificationId.split('|');
  if (prefix !== PREFIX || !account) return;
  await browser.notifications.clear(notificationId);
  const url = messageLink(
    await serverUrl.getValue(),
    decodeURIComponent(account),
    email ? decodeURIComponent(email) : undefined,
  );
  try {
    // No `tabs` permission is needed to open a tab with a URL.
    await browser.tabs.create({ url });
  } catch {
    await browser.windows.create({ url, focused: true });
  }
}

/** Clears every notification of ours (after unpairing). */
export async function clearMailNotifications(): Promise<void> {
  const shown = await browser.notifications.getAll();
  await Promise.all(
    Object.keys(shown)
      .filter((id) => id.startsWith(`${PREFIX}|`))
      .map((id) => browser.notifications.clear(id)),
  );
}
