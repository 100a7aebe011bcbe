import type { PublicPath } from '../lib/public-paths.ts';
import { LazyPending, useLazyComponent } from './lazy.tsx';

const loadPublicPage = () =>
  import('./public/public-pages.tsx').then((module) => module.PublicPage);

/**
 * A public page (CGU, legal notice, privacy, support), its code fetched the first time one
 * is shown: the pages are not in the webmail's first load.
 */
export function PublicScreen({ path }: { path: PublicPath }) {
  const { View: Page, failed } = useLazyComponent(loadPublicPage);
  if (Page) return <Page path={path} />;
  return (
    <main>
      <LazyPending failed={failed} />
    </main>
  );
}
