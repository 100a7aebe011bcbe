import * as v from 'valibot';
import { storage } from '#imports';
import { jmapCall } from './jmap-client.ts';

/**
 * Web Push where the browser reaches a push service: the service worker subscribes with
 * Pli's VAPID key (from the session), hands the subscription to Pli (`PushSubscription/set`,
 * RFC 8620 section 7.2) and sends back the code of the PushVerification Pli pushes. Once
 * verified, Pli pushes encrypted StateChanges (RFC 8291) and the live stream is not needed.
 * Where subscribing fails (no push service, as on the test machines; Firefox's background
 * page has no push manager), `ensurePush` answers false and the stream is used.
 */

/** The subscription handed to Pli (background only). */
interface PushState {
  /** The JMAP PushSubscription id. */
  id: string;
  endpoint: string;
  verified: boolean;
  /** When Pli's subscription ends (ms); renewed before. */
  expiresAt: number;
}

const pushState = storage.defineItem<PushState>('local:pushState');

/** The JMAP subscription's name for this device. */
const DEVICE_CLIENT_ID = 'pli-extension';
/** Renew the subscription when less than this is left of it. */
const RENEW_BEFORE_MS = 2 * 24 * 60 * 60_000;
/** How long subscribing may take before the push service counts as unreachable. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

/** The part of a service worker's registration used here (absent in a background page). */
interface PushRegistration {
  pushManager: {
    getSubscription(): Promise<PushSubscription | null>;
    subscribe(options: {
      userVisibleOnly: boolean;
      applicationServerKey: Uint8Array<ArrayBuffer>;
    }): Promise<PushSubscription>;
  };
}

function registration(): PushRegistration | null {
  const scope = globalThis as { registration?: Partial<PushRegistration> };
  return scope.registration?.pushManager ? (scope.registration as PushRegistration) : null;
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const SetSchema = v.object({
  created: v.nullish(
    v.record(v.string(), v.object({ id: v.string(), expires: v.nullish(v.string()) })),
  ),
  updated: v.nullish(v.record(v.string(), v.nullish(v.object({ expires: v.nullish(v.string()) })))),
});

/** Whether Pli pushes to this browser now (a verified subscription). */
export async function pushVerified(): Promise<boolean> {
  return (await pushState.getValue())?.verified === true;
}

/**
 * Subscribes (or keeps the subscription) and hands it to Pli. True when Web Push is set up
 * (verified, or waiting for its verification); false when this browser cannot use it.
 */
export async function ensurePush(vapidPublicKey: string | null): Promise<boolean> {
  const reg = registration();
  if (!reg || !vapidPublicKey) return false;
  let subscription: PushSubscription;
  try {
    const existing = await reg.pushManager.getSubscription();
    subscription =
      existing ??
      (await Promise.race([
        reg.pushManager.subscribe({
          // Chrome lets an extension receive pushes without showing a notification for each.
          userVisibleOnly: false,
          applicationServerKey: fromBase64url(vapidPublicKey),
        }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), SUBSCRIBE_TIMEOUT_MS),
        ),
      ]));
  } catch {
    return false;
  }
  const kept = await pushState.getValue();
  if (kept && kept.endpoint === subscription.endpoint) {
    if (kept.expiresAt - Date.now() > RENEW_BEFORE_MS) return true;
  }
  const keys = subscription.toJSON().keys;
  if (!keys?.p256dh || !keys.auth) return false;
  const responses = await jmapCall([
    [
      'PushSubscription/set',
      {
        ...(kept ? { destroy: [kept.id] } : {}),
        create: {
          p: {
            deviceClientId: DEVICE_CLIENT_ID,
            url: subscription.endpoint,
            keys: { p256dh: keys.p256dh, auth: keys.auth },
            types: ['Email', 'Mailbox'],
          },
        },
      },
      's',
    ],
  ]);
  const set = v.safeParse(SetSchema, responses?.get('s')?.[1]);
  const made = set.success ? set.output.created?.p : undefined;
  if (!made) {
    await pushState.removeValue();
    return false;
  }
  await pushState.setValue({
    id: made.id,
    endpoint: subscription.endpoint,
    verified: false,
    expiresAt: made.expires ? Date.parse(made.expires) : Date.now(),
  });
  return true;
}

const PushVerificationSchema = v.object({
  '@type': v.literal('PushVerification'),
  pushSubscriptionId: v.string(),
  verificationCode: v.string(),
});
const StateChangeSchema = v.object({ '@type': v.literal('StateChange') });

/**
 * A push message from Pli: the verification (sent back, which turns pushes on) or a
 * StateChange (`onChange`). Answers whether it was a verification just completed.
 */
export async function receivePush(data: unknown, onChange: () => Promise<void>): Promise<boolean> {
  if (v.is(StateChangeSchema, data)) {
    await onChange();
    return false;
  }
  if (!v.is(PushVerificationSchema, data)) return false;
  const kept = await pushState.getValue();
  if (!kept || kept.id !== data.pushSubscriptionId) return false;
  const responses = await jmapCall([
    [
      'PushSubscription/set',
      { update: { [kept.id]: { verificationCode: data.verificationCode } } },
      'v',
    ],
  ]);
  const set = v.safeParse(SetSchema, responses?.get('v')?.[1]);
  if (!set.success || !set.output.updated || !(kept.id in set.output.updated)) return false;
  await pushState.setValue({ ...kept, verified: true });
  return true;
}

/** Unsubscribes this browser (after unpairing: Pli deletes the revoked token's subscriptions). */
export async function dropPush(): Promise<void> {
  await pushState.removeValue();
  try {
    await (await registration()?.pushManager.getSubscription())?.unsubscribe();
  } catch {
    // Nothing to drop.
  }
}
