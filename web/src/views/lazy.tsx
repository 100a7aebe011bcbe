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

/**
 * A folded panel (`<details>`) whose content is fetched the first time it is opened, so
 * that the inbox loads only what it shows. `load` must be stable (module level).
 */
export function LazyDetails({
  summary,
  load,
}: {
  summary: string;
  load: () => Promise<FunctionComponent>;
}) {
  const [open, setOpen] = useState(false);
  const { View, failed } = useLazyComponent(load, open);
  return (
    <details
      class="security"
      onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>{summary}</summary>
      {View ? <View /> : open && <LazyPending failed={failed} />}
    </details>
  );
}

/**
 * A whole screen fetched the first time it is shown: device pairing, onboarding (those
 * who have a BAL never load it).
 */
export function LazyScreen({ load }: { load: () => Promise<FunctionComponent> }) {
  const { View, failed } = useLazyComponent(load);
  if (View) return <View />;
  return (
    <main>
      <LazyPending failed={failed} />
    </main>
  );
}
