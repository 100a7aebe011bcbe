import { signal } from '@preact/signals';

const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    online.value = true;
  });
  window.addEventListener('offline', () => {
    online.value = false;
  });
}

/** Tells the user when the network is gone; Pli keeps working from its local copy. */
export function OfflineBanner() {
  if (online.value) return null;
  return (
    <p class="offline" role="status">
      Hors connexion : vos actions seront envoyées au retour du réseau.
    </p>
  );
}
