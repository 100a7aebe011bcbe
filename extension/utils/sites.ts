import { browser, storage } from '#imports';

/**
 * The practice software sites where "Envoyer via MSSanté" shows its button beside links to
 * documents. Enabling a site asks for its optional host permission (the popup, on the
 * person's click); a site counts as enabled while it is in this list and its permission
 * is held. The button's content script is registered for those sites only.
 */

/** The origins the person enabled (`https://lgc.example.fr`). */
export const enabledSiteList = storage.defineItem<string[]>('local:enabledSites', {
  fallback: [],
});

/** The match pattern of an origin's pages. */
export function sitePattern(origin: string): string {
  return `${origin}/*`;
}

/**
 * The origin of a site the person typed or is on, or null when it cannot be enabled
 * (not http or https, or the Pli server itself).
 */
export function siteOrigin(raw: string, pliServer: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim().includes('://') ? raw.trim() : `https://${raw.trim()}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.origin === new URL(pliServer).origin) return null;
  return url.origin;
}

/** The enabled sites whose permission is still held. */
export async function enabledSites(): Promise<string[]> {
  const list = await enabledSiteList.getValue();
  const held: string[] = [];
  for (const origin of list) {
    if (await browser.permissions.contains({ origins: [sitePattern(origin)] })) held.push(origin);
  }
  return held;
}

/** Whether a page (its URL) is on an enabled site. */
export async function isEnabledPage(url: string | undefined): Promise<boolean> {
  if (!url) return false;
  try {
    return (await enabledSites()).includes(new URL(url).origin);
  } catch {
    return false;
  }
}

const BUTTON_SCRIPT = 'pli-page-button';

/** Registers the page button's content script for the enabled sites (none: unregistered). */
export async function syncPageButtons(): Promise<void> {
  const sites = await enabledSites();
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [BUTTON_SCRIPT] });
  if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [BUTTON_SCRIPT] });
  if (sites.length === 0) return;
  await browser.scripting.registerContentScripts([
    {
      id: BUTTON_SCRIPT,
      matches: sites.map(sitePattern),
      js: ['content-scripts/page-button.js'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}
