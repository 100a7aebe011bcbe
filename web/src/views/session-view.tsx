import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { readMessageAddress } from '../models/message-route.ts';
import { pairingOpen, readPairingAddress } from '../models/pairing-route.ts';
import { loadSession, needsOnboarding, status } from '../models/session.ts';
import { CguGate } from './cgu-view.tsx';
import { HomeView } from './home-view.tsx';
import { LoginView } from './login-view.tsx';
import { OnboardingView } from './onboarding-view.tsx';

/** The device pairing screen, fetched the first time it is shown (not in the first load). */
function LazyPairingView() {
  const [View, setView] = useState<FunctionComponent | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./pairing-view.tsx').then(
      (module) => setView(() => module.PairingView),
      () => setFailed(true),
    );
  }, []);
  if (View) return <View />;
  return (
    <main>
      <p role={failed ? 'alert' : 'status'}>
        {failed ? 'Impossible de charger cette page. Vérifiez votre connexion.' : 'Chargement…'}
      </p>
    </main>
  );
}

/**
 * Chooses the screen from the session: login, onboarding, or the signed-in home (or the
 * device pairing screen when the address asks for it).
 */
export function SessionView() {
  useEffect(() => {
    readPairingAddress();
    readMessageAddress();
    loadSession();
  }, []);
  switch (status.value) {
    case 'loading':
      return (
        <main>
          <p role="status">Chargement…</p>
        </main>
      );
    case 'anonymous':
    case 'unreachable':
      return <LoginView />;
    case 'signed-in':
      return needsOnboarding.value ? (
        <OnboardingView />
      ) : (
        <CguGate>{pairingOpen.value ? <LazyPairingView /> : <HomeView />}</CguGate>
      );
  }
}
