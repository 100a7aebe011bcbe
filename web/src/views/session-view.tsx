import { useEffect } from 'preact/hooks';
import { loadSession, needsOnboarding, status } from '../models/session.ts';
import { CguGate } from './cgu-view.tsx';
import { HomeView } from './home-view.tsx';
import { LoginView } from './login-view.tsx';
import { OnboardingView } from './onboarding-view.tsx';

/** Chooses the screen from the session: login, onboarding, or the signed-in home. */
export function SessionView() {
  useEffect(() => {
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
        <CguGate>
          <HomeView />
        </CguGate>
      );
  }
}
