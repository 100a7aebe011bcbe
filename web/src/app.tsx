import { PRODUCT_NAME, PRODUCT_TAGLINE } from '../../shared/notices.ts';
import { EmergencyNotice } from './components/emergency-notice.tsx';
import { OfflineBanner } from './components/offline-banner.tsx';
import { ServiceBanner } from './components/service-banner.tsx';
import { SessionView } from './views/session-view.tsx';

/** The application frame: header, the current view, the emergency notice. */
export function App() {
  return (
    <div class="app">
      <header class="top">
        <span class="brand">{PRODUCT_NAME}</span>
        <span class="tagline">{PRODUCT_TAGLINE}</span>
      </header>
      <OfflineBanner />
      <ServiceBanner />
      <SessionView />
      <footer>
        <EmergencyNotice />
      </footer>
    </div>
  );
}
