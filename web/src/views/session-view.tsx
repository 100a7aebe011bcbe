import { useEffect } from 'preact/hooks';
import { readMessageAddress } from '../models/message-route.ts';
import { pairingOpen, readPairingAddress } from '../models/pairing-route.ts';
import { loadSession, needsOnboarding, status } from '../models/session.ts';
import { CguGate } from './cgu-view.tsx';
import { HomeView } from './home-view.tsx';
import { LazyScreen } from './lazy.tsx';
import { LoginView } from './login-view.tsx';

const loadPairingView = () => import('./pairing-view.tsx').then((module) => module.PairingView);
const loadOnboardingView = () =>
  import('./onboarding-view.tsx').then((module) => module.OnboardingView);

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
        <LazyScreen load={loadOnboardingView} />
      ) : (
        <CguGate>
          {pairingOpen.value ? <LazyScreen load={loadPairingView} /> : <HomeView />}
        </CguGate>
      );
  }
}
