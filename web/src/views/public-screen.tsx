import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PublicPath } from '../lib/public-paths.ts';

/**
 * A public page (CGU, legal notice, privacy, support), its code fetched the first time one
 * is shown: the pages are not in the webmail's first load.
 */
export function PublicScreen({ path }: { path: PublicPath }) {
  const [Page, setPage] = useState<FunctionComponent<{ path: PublicPath }> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    import('./public/public-pages.tsx').then(
      (module) => setPage(() => module.PublicPage),
      () => setFailed(true),
    );
  }, []);
  if (Page) return <Page path={path} />;
  return (
    <main>
      <p role={failed ? 'alert' : 'status'}>
        {failed ? 'Impossible de charger cette page. Vérifiez votre connexion.' : 'Chargement…'}
      </p>
    </main>
  );
}
