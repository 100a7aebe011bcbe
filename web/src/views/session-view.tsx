import { useEffect } from 'preact/hooks';
import { readMessageAddress } from '../models/message-route.ts';
import { pairingOpen, readPairingAddress } from '../models/pairing-route.ts';
import { loadSession, needsOnboarding, status } from '../models/session.ts';
import { CguGate } from './cgu-view.tsx';
import { HomeView } from './home-view.tsx';
import { LazyPending, useLazyComponent } from './lazy.tsx';
import { LoginView } from './login-view.tsx';
import { OnboardingView } from './onboarding-view.tsx';

const loadPairingView = () => import('./pairing-view.tsx').then((module) => module.PairingView);

/** The device pairing screen, fetched the first time it is shown (not in the first load). */
function LazyPairingView() {
  const { View, failed } = useLazyComponent(loadPairingView);
  if (View) return <View />;
  return (
    <main>
      <LazyPending failed={failed} />
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
