import { browser, defineBackground } from '#imports';
import { startMailWatch } from '../utils/mail-watch.ts';
import type { PopupAnswer, PopupRequest } from '../utils/messages.ts';
import {
  cancelPairing,
  checkConnection,
  pollPairing,
  signOut,
  startPairing,
} from '../utils/pairing.ts';

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

async function answer(request: PopupRequest): Promise<PopupAnswer> {
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
      return { ok: true };
  }
}

// The background owns the device token and the network; the popup only asks.
export default defineBackground(() => {
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message, sender) => {
    // Only the extension's own pages (the popup), never a content script or a web page.
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(ownPages)) {
      return undefined;
    }
    return answer(message as PopupRequest);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PAIRING_ALARM) void schedulePolling();
  });
  // A pairing left waiting when the background stopped goes on.
  void schedulePolling();
  // New mail: push, live stream or polling, notifications and the badge.
  startMailWatch();
});
