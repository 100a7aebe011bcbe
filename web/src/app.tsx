import { PRODUCT_NAME, PRODUCT_TAGLINE } from '../../shared/notices.ts';
import { EmergencyNotice } from './components/emergency-notice.tsx';
import { OfflineBanner } from './components/offline-banner.tsx';
import { PublicLinks } from './components/public-links.tsx';
import { ServiceBanner } from './components/service-banner.tsx';
import { publicPath } from './lib/public-paths.ts';
import { PublicScreen } from './views/public-screen.tsx';
import { SessionView } from './views/session-view.tsx';

/**
 * The application frame: header, the current view (a public page, readable signed out,
 * or the session's screen), the links to the public pages and the emergency notice.
 */
export function App() {
  const page = publicPath(location.pathname);
  return (
    <div class="app">
      <header class="top">
        <span class="brand">{PRODUCT_NAME}</span>
        <span class="tagline">{PRODUCT_TAGLINE}</span>
      </header>
      <OfflineBanner />
      <ServiceBanner />
      {page ? <PublicScreen path={page} /> : <SessionView />}
      <footer>
        <PublicLinks />
        <EmergencyNotice />
      </footer>
    </div>
  );
}
