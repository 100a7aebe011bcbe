import { type Browser, browser, defineBackground } from '#imports';
import { knownCorrespondents, searchCorrespondents } from '../utils/correspondents.ts';
import { startMailWatch } from '../utils/mail-watch.ts';
import type {
  ComposeRequest,
  PageSendRequest,
  PopupAnswer,
  PopupRequest,
} from '../utils/messages.ts';
import {
  cancelPairing,
  checkConnection,
  pollPairing,
  signOut,
  startPairing,
} from '../utils/pairing.ts';
import {
  composeFrom,
  flushOutbox,
  isOutboxAlarm,
  openSendNotification,
  submitOutgoing,
} from '../utils/send-via-mssante.ts';
import { isEnabledPage, syncPageButtons } from '../utils/sites.ts';

/** The context menu entry on a selection, a link, an image or the page. */
const SEND_MENU = 'pli-send';

/** Wakes a background that was stopped while a pairing waits (alarms fire 30 s at best). */
const PAIRING_ALARM = 'pli-pairing';

let timer: ReturnType<typeof setTimeout> | undefined;

/** Polls the token endpoint at the interval Pli gives, while the pairing waits. */
async function schedulePolling(): Promise<void> {
  clearTimeout(timer);
  const wait = await pollPairing();
  if (wait === null) {
    await browser.alarms.clear(PAIRING_ALARM);
    return;
  }
  timer = setTimeout(() => void schedulePolling(), wait);
  await browser.alarms.create(PAIRING_ALARM, { delayInMinutes: Math.max(0.5, wait / 60_000) });
}

async function answer(request: PopupRequest | ComposeRequest): Promise<unknown> {
  switch (request.type) {
    case 'pair': {
      const started = await startPairing();
      if (started) void schedulePolling();
      return { ok: started !== null };
    }
    case 'cancel-pairing':
      await cancelPairing();
      return { ok: true };
    case 'sign-out':
      await signOut();
      return { ok: true };
    case 'check':
      await checkConnection();
      void flushOutbox();
      return { ok: true } satisfies PopupAnswer;
    case 'sync-sites':
      await syncPageButtons();
      return { ok: true } satisfies PopupAnswer;
    case 'compose-send':
      return submitOutgoing(request.id, request.message);
    case 'directory':
      return searchCorrespondents(request.query);
    case 'correspondents':
      return knownCorrespondents();
  }
}

/** The button of an enabled site: the link and the selection of that page's tab. */
async function fromPageButton(
  request: PageSendRequest,
  sender: Browser.runtime.MessageSender,
): Promise<void> {
  const tab = sender.tab;
  if (typeof tab?.id !== 'number' || !(await isEnabledPage(sender.url))) return;
  await composeFrom({
    tabId: tab.id,
    frameId: sender.frameId ?? 0,
    pageUrl: sender.url ?? '',
    pageTitle: tab.title ?? '',
    selection: typeof request.selection === 'string' ? request.selection : '',
    documentUrl: typeof request.documentUrl === 'string' ? request.documentUrl : null,
  });
}

// The background owns the device token and the network; the popup only asks.
export default defineBackground(() => {
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    // A content script (the button of an enabled site) may only start a message.
    if (sender.tab && !sender.url?.startsWith(ownPages)) {
      if ((message as PageSendRequest)?.type === 'page-send') {
        void fromPageButton(message as PageSendRequest, sender);
      }
      return undefined;
    }
    // The extension's own pages (the popup, the compose window), never a web page.
    if (!sender.url?.startsWith(ownPages)) return undefined;
    return answer(message as PopupRequest | ComposeRequest);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PAIRING_ALARM) void schedulePolling();
    if (isOutboxAlarm(alarm.name)) void flushOutbox();
  });
  // "Envoyer via MSSanté" in the context menu: the click grants access to that tab only.
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({
        id: SEND_MENU,
        title: 'Envoyer via MSSanté',
        contexts: ['selection', 'link', 'image', 'page'],
      }),
    );
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== SEND_MENU || typeof tab?.id !== 'number' || tab.id < 0) return;
    const image = info.mediaType === 'image' ? info.srcUrl : undefined;
    void composeFrom({
      tabId: tab.id,
      frameId: info.frameId ?? 0,
      pageUrl: info.frameUrl ?? info.pageUrl ?? tab.url ?? '',
      pageTitle: tab.title ?? '',
      selection: info.selectionText ?? '',
      documentUrl: info.linkUrl ?? image ?? null,
    });
  });
  browser.notifications.onClicked.addListener((id) => void openSendNotification(id));
  browser.permissions.onRemoved.addListener(() => void syncPageButtons());
  // What waits in the outbox goes now if Pli answers; the enabled sites get their button.
  void flushOutbox();
  void syncPageButtons();
  // A pairing left waiting when the background stopped goes on.
  void schedulePolling();
  // New mail: push, live stream or polling, notifications and the badge.
  startMailWatch();
});
