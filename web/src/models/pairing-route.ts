import { signal } from '@preact/signals';
import { normalizeUserCode, VERIFICATION_PATH } from '../../../shared/device-flow.ts';
import { createModel } from './model.ts';

/**
 * Whether the device pairing screen is asked for, and the user code it came with. Loaded
 * with the app (it is tiny); the screen itself and its model load on demand.
 *
 * The extension opens `/appairer#code=XXXX-XXXX`: the code travels in the fragment, never
 * to a server log. It is kept in `sessionStorage` (this tab only) across the login that may
 * come first, and taken out of the address bar.
 */
const PENDING_KEY = 'pli:pairing-code';

function forgetCode() {
  try {
    sessionStorage.removeItem(PENDING_KEY);
  } catch {
    // Storage unavailable: nothing kept.
  }
}

export const { pairingOpen, pairingCodeFromUrl } = createModel(
  {
    /** True while the pairing screen is shown. */
    pairingOpen: signal(false),
    /** The canonical user code the page was opened with (or kept across a login), if any. */
    pairingCodeFromUrl: signal<string | null>(null),
  },
  forgetCode,
);

/** Reads the address: `/appairer`, with `#code=` (or `?code=`) if the extension gave it. */
export function readPairingAddress(where: Location = location): void {
  const fromHash = new URLSearchParams(where.hash.replace(/^#/, '')).get('code');
  const fromQuery = new URLSearchParams(where.search).get('code');
  const given = normalizeUserCode(fromHash ?? fromQuery ?? '');
  try {
    if (given) sessionStorage.setItem(PENDING_KEY, given);
    const kept = sessionStorage.getItem(PENDING_KEY);
    pairingCodeFromUrl.value = kept ? normalizeUserCode(kept) : null;
  } catch {
    pairingCodeFromUrl.value = given;
  }
  pairingOpen.value = where.pathname === VERIFICATION_PATH || pairingCodeFromUrl.value !== null;
  if (given && (where.hash || where.search)) {
    history.replaceState(history.state, '', where.pathname);
  }
}

/** Leaves the pairing screen for the mailbox and forgets the code. */
export function closePairing(): void {
  forgetCode();
  pairingCodeFromUrl.value = null;
  pairingOpen.value = false;
  if (location.pathname === VERIFICATION_PATH) history.pushState(null, '', '/');
}
