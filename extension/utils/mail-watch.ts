import { browser } from '#imports';
import { unfollowedBals, type WatchMode, watchMode } from './followed.ts';
import { LiveStream, streamPath } from './live-stream.ts';
import { checkMail, forgetMailState, refreshSession } from './new-mail.ts';
import { clearMailNotifications, openNotification } from './notifier.ts';
import { deviceToken } from './pairing.ts';
import { dropPush, ensurePush, pushVerified, receivePush } from './web-push.ts';

/**
 * How the background hears of new mail while paired, best first: Web Push (a verified
 * subscription), else the live stream, and in any case an alarm every 30 s (the shortest
 * Chrome allows) that opens the stream again when the worker was stopped and, while neither
 * push nor stream works, polls `Email/changes`. Unpairing (sign-out, or a 401 once the
 * device is revoked) stops all of it, clears the badge and the notifications.
 */

const WATCH_ALARM = 'pli-mail-watch';
/** With Web Push, the alarm still checks this often, in case a push was lost. */
const PUSH_SAFETY_CHECK_MS = 10 * 60_000;

/** After a failed subscription, Web Push is tried again this much later. */
const PUSH_RETRY_MS = 60 * 60_000;

let lastCheckAt = 0;
let pushRetryAt = 0;

function check(): Promise<void> {
  lastCheckAt = Date.now();
  return checkMail();
}

async function setMode(mode: WatchMode | null): Promise<void> {
  if (mode) await watchMode.setValue(mode);
  else await watchMode.removeValue();
}

const stream = new LiveStream({
  onChange: () => void check(),
  onOpen: (open) => {
    if (open) void setMode('stream');
    else void pushVerified().then((push) => setMode(push ? 'push' : 'polling'));
  },
});

let connecting: Promise<void> | null = null;

/** Sets up push or the stream for the paired device (does nothing more if already done). */
function connect(): Promise<void> {
  connecting ??= doConnect().finally(() => {
    connecting = null;
  });
  return connecting;
}

async function doConnect(): Promise<void> {
  if (!(await deviceToken.getValue())) return disconnect();
  if (!(await browser.alarms.get(WATCH_ALARM))) {
    await browser.alarms.create(WATCH_ALARM, { periodInMinutes: 0.5 });
  }
  const session = await refreshSession();
  if (!session) {
    // 401: jmapFetch forgot the token (the watcher disconnects). Else Pli is unreachable.
    if (await deviceToken.getValue()) await setMode('polling');
    return;
  }
  if (await pushVerified()) {
    stream.stop();
    await setMode('push');
    await check();
    // Renews the subscription when it nears its end.
    void ensurePush(session.vapidPublicKey);
    return;
  }
  const path = await streamPath(session.eventSourceUrl);
  if (path) {
    // Its first StateChange, right after it opens, makes the first check.
    if (!stream.running) stream.start(path);
  } else {
    await setMode('polling');
    await check();
  }
  // Meanwhile, Web Push where a push service answers: its verification (a push event)
  // connects again, and the stream is closed then.
  if (Date.now() >= pushRetryAt) {
    pushRetryAt = Date.now() + PUSH_RETRY_MS;
    void ensurePush(session.vapidPublicKey);
  }
}

async function disconnect(): Promise<void> {
  stream.stop();
  await browser.alarms.clear(WATCH_ALARM);
  await forgetMailState();
  await clearMailNotifications();
  await dropPush();
  await setMode(null);
}

async function onAlarm(): Promise<void> {
  if (!(await deviceToken.getValue())) return disconnect();
  if (await pushVerified()) {
    if (Date.now() - lastCheckAt >= PUSH_SAFETY_CHECK_MS) await check();
    return;
  }
  if (stream.running) return;
  // The worker was stopped, or the stream is waiting to retry: poll, and open it again.
  await check();
  await connect();
}

/** A push event's payload in the service worker. */
interface PushEventLike {
  data: { json(): unknown } | null;
  waitUntil(promise: Promise<unknown>): void;
}

async function onPush(event: PushEventLike): Promise<void> {
  let data: unknown = null;
  try {
    data = event.data?.json();
  } catch {
    return;
  }
  if (await receivePush(data, check)) await connect();
}

/**
 * Wires the new-mail watch into the background; called once, synchronously, at its start
 * (listeners registered later would miss the event that woke the worker).
 */
export function startMailWatch(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WATCH_ALARM) void onAlarm();
  });
  browser.notifications.onClicked.addListener((id) => void openNotification(id));
  const scope = globalThis as unknown as {
    addEventListener?(type: string, listener: (event: PushEventLike) => void): void;
  };
  scope.addEventListener?.('push', (event) => event.waitUntil(onPush(event)));
  scope.addEventListener?.('pushsubscriptionchange', (event) =>
    event.waitUntil(dropPush().then(connect)),
  );
  deviceToken.watch((token) => void (token ? connect() : disconnect()));
  unfollowedBals.watch(() => void check());
  void connect();
}
