import { useEffect } from 'preact/hooks';
import { banner, loadBanner } from '../models/account-notices.ts';

/** The operator's maintenance banner, for everyone (the login page included). */
export function ServiceBanner() {
  useEffect(() => {
    loadBanner();
  }, []);
  if (!banner.value) return null;
  return (
    <p class="offline" role="status">
      {banner.value.message}
    </p>
  );
}
