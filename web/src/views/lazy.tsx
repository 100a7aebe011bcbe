import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A screen whose code is fetched the first time it is `wanted`, so that it is not in the
 * first load; a failed fetch is tried again the next time it is wanted. `load` must be
 * stable (declared at module level).
 */
export function useLazyComponent<P>(
  load: () => Promise<FunctionComponent<P>>,
  wanted = true,
): { View: FunctionComponent<P> | null; failed: boolean } {
  const [View, setView] = useState<FunctionComponent<P> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!wanted || View) return;
    setFailed(false);
    load().then(
      (component) => setView(() => component),
      () => setFailed(true),
    );
  }, [load, wanted, View]);
  return { View, failed };
}

/** What a lazy screen shows while its code comes, or when it could not come. */
export function LazyPending({ failed }: { failed: boolean }) {
  return (
    <p role={failed ? 'alert' : 'status'}>
      {failed ? 'Impossible de charger cette page. Vérifiez votre connexion.' : 'Chargement…'}
    </p>
  );
}
