import { computed, signal } from '@preact/signals';
import {
  type LoginStart,
  type LogoutDone,
  type Me,
  MeSchema,
  type OtpChannel,
} from '../../../shared/identity.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { cgu } from './account-notices.ts';
import { createModel, resetModels } from './model.ts';

/**
 * Who is signed in, and the login steps. Views read the signals and call the actions;
 * nothing else talks to `/auth` or `/api/me`.
 */
export type SessionStatus = 'loading' | 'anonymous' | 'signed-in' | 'unreachable';

export const status = signal<SessionStatus>('loading');
export const me = signal<Me | null>(null);
export const { pendingLogin, codeSentTo, currentBalId } = createModel({
  /** The password step's answer while the one-time code is awaited. */
  pendingLogin: signal<LoginStart | null>(null),
  /** The channel a code was last sent through. */
  codeSentTo: signal<OtpChannel | null>(null),
  currentBalId: signal<string | null>(null),
});

/**
 * What the login page says to someone who just closed their account (their last BAL
 * deleted): outside the models, so that forgetting the local data keeps it.
 */
export const farewell = signal<string | null>(null);

export const currentBal = computed(
  () => me.value?.bals.find((bal) => bal.id === currentBalId.value) ?? me.value?.bals[0] ?? null,
);

/** Onboarding is shown to a practitioner with no BAL at all (own or delegated). */
export const needsOnboarding = computed(
  () => me.value?.needsOnboarding && me.value.bals.length === 0,
);

const LAST_PERSON_KEY = 'pli:last-person';
/** The last `GET /api/me` answer and when the server gave it, for offline starts. */
const OFFLINE_ME_KEY = 'pli:me';
/**
 * Offline, the cached mailbox is shown only if the server confirmed the session this
 * recently: the session's own idle timeout. A workstation left alone longer shows the
 * login page, not the previous person's mail.
 */
export const OFFLINE_GRACE_MS = 30 * 60 * 1000;

/** The cached person, if the server confirmed them within the grace period. */
export function offlinePerson(now = Date.now()): Me | null {
  try {
    const cached = JSON.parse(localStorage.getItem(OFFLINE_ME_KEY) ?? 'null') as {
      me: Me;
      verifiedAt: number;
    } | null;
    if (!cached || now - cached.verifiedAt > OFFLINE_GRACE_MS) return null;
    return cached.me.idNat === localStorage.getItem(LAST_PERSON_KEY) ? cached.me : null;
  } catch {
    return null;
  }
}

/**
 * Forgets every local trace of a previous person: what the models hold in memory, the
 * IndexedDB caches of this origin and the remembered person. Called at logout and when a
 * different idNat signs in (a card swap on a shared workstation must never show the
 * previous practitioner's mail, device token or TOTP secret).
 */
export async function forgetLocalData(): Promise<void> {
  resetModels();
  try {
    localStorage.removeItem(LAST_PERSON_KEY);
    localStorage.removeItem(OFFLINE_ME_KEY);
    const databases = (await indexedDB.databases?.()) ?? [];
    await Promise.all(
      databases.map(
        (db) =>
          new Promise<void>((resolve) => {
            if (!db.name) return resolve();
            const request = indexedDB.deleteDatabase(db.name);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
    );
  } catch {
    // Storage may be unavailable (private mode): nothing to forget then.
  }
}

/** Makes a person the signed-in one; another idNat than the last one wipes local data first. */
export async function adopt(person: Me): Promise<void> {
  const last = localStorage.getItem(LAST_PERSON_KEY);
  if (last !== null && last !== person.idNat) await forgetLocalData();
  localStorage.setItem(LAST_PERSON_KEY, person.idNat);
  localStorage.setItem(OFFLINE_ME_KEY, JSON.stringify({ me: person, verifiedAt: Date.now() }));
  me.value = person;
  if (!person.bals.some((bal) => bal.id === currentBalId.value)) {
    currentBalId.value = person.bals[0]?.id ?? null;
  }
  status.value = 'signed-in';
}

/** Reads who is signed in (at start, and after each login step). */
export async function loadSession(): Promise<void> {
  try {
    const person = await api('/api/me', { schema: MeSchema });
    await adopt(person);
    // The CGU status comes with the person: the gate asks nothing more before the mail.
    cgu.value = person.cgu;
  } catch (failure) {
    const offline = failure instanceof ApiFailure && failure.code === 'unavailable';
    // Offline-first: a recently confirmed person keeps working on the local copy.
    const cached = offline ? offlinePerson() : null;
    me.value = cached;
    if (cached && !cached.bals.some((bal) => bal.id === currentBalId.value)) {
      currentBalId.value = cached.bals[0]?.id ?? null;
    }
    status.value = cached ? 'signed-in' : offline ? 'unreachable' : 'anonymous';
  }
}

/** Step 1 of the password login. Throws an ApiFailure on a wrong password or a lock. */
export async function passwordLogin(address: string, password: string): Promise<void> {
  pendingLogin.value = await api<LoginStart>('/auth/login', {
    method: 'POST',
    body: { address, password },
  });
  codeSentTo.value = null;
}

/** Step 2: sends a code through a channel (nothing is sent for the authenticator app). */
export async function sendCode(channel: OtpChannel): Promise<void> {
  await api<void>('/auth/otp/send', { method: 'POST', body: { channel } });
  codeSentTo.value = channel;
}

/** Step 3: the code; on success the session is open. */
export async function verifyCode(code: string): Promise<void> {
  await api<{ idNat: string }>('/auth/otp/verify', { method: 'POST', body: { code } });
  pendingLogin.value = null;
  codeSentTo.value = null;
  await loadSession();
}

/** Back to the password step. */
export function cancelLogin(): void {
  pendingLogin.value = null;
  codeSentTo.value = null;
}

async function leave(path: '/auth/logout' | '/auth/logout-all'): Promise<void> {
  let target = '/';
  try {
    target = (await api<LogoutDone>(path, { method: 'POST' })).redirectTo;
  } finally {
    await forgetLocalData();
    me.value = null;
    status.value = 'anonymous';
  }
  // After a Pro Santé Connect login, the provider's logout ends its session too.
  if (target !== '/') window.location.assign(target);
}

/** Ends this session (and the provider's, after a PSC login). */
export const logout = () => leave('/auth/logout');
/** Ends every session of the person. */
export const logoutEverywhere = () => leave('/auth/logout-all');

// Back online: confirm the session with the server (it may have ended meanwhile).
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    if (status.value === 'signed-in' || status.value === 'unreachable') void loadSession();
  });
}
