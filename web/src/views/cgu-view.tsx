import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { acceptCgu, cgu, cguError, loadCgu } from '../models/account-notices.ts';

/**
 * Shows the new CGU to a signed-in person who must accept them before going on (the API
 * answers `cgu_required` until then); otherwise shows its children.
 */
export function CguGate({ children }: { children: ComponentChildren }) {
  useEffect(() => {
    // Known from `/api/me` once signed in; read here only on an offline start.
    if (!cgu.peek()) void loadCgu();
  }, []);
  const status = cgu.value;
  if (!status) {
    return (
      <main>
        <p role="status">Chargement…</p>
      </main>
    );
  }
  if (!status.mustAccept || !status.current) return <>{children}</>;
  return (
    <main class="cgu">
      <h1>Les conditions générales d’utilisation évoluent</h1>
      <p>Pour continuer à utiliser votre messagerie, lisez et acceptez la nouvelle version.</p>
      <article aria-label={status.current.title}>
        <h2>{status.current.title}</h2>
        <p class="cgu-body">{status.current.body}</p>
      </article>
      {cguError.value && <p role="alert">{cguError.value}</p>}
      <button type="button" onClick={() => acceptCgu()}>
        J’accepte les conditions générales d’utilisation
      </button>
    </main>
  );
}
