import type { Page, Worker } from 'playwright-core';
import { projectEnv, ROOT, run } from '../../../scripts/lib/processes.ts';
import { type BrowserSession, openBrowser } from './browser.ts';

/** The part of the extension API the evaluations in its service worker use. */
declare const chrome: {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
};

export interface LoadedExtension {
  browser: BrowserSession;
  /** The extension's service worker, where `worker.evaluate` runs with the `chrome` API. */
  worker: Worker;
  extensionId: string;
  /** Opens the popup in a tab. */
  openPopup(): Promise<Page>;
}

/**
 * Builds the Chrome extension, loads it unpacked in Chromium and points it at this stack
 * (which listens on a free port of 127.0.0.1, the host the manifest allows).
 */
export async function loadExtension(baseUrl: string): Promise<LoadedExtension> {
  await run(
    process.execPath,
    [`${ROOT}node_modules/wxt/bin/wxt.mjs`, 'build', 'extension'],
    projectEnv(),
  );
  const browser = await openBrowser({ extensionPath: `${ROOT}extension/.output/chrome-mv3` });
  const worker =
    browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  await worker.evaluate((url) => chrome.storage.local.set({ serverUrl: url }), baseUrl);
  return {
    browser,
    worker,
    extensionId,
    async openPopup() {
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      await page.getByRole('heading', { name: 'Pli' }).waitFor();
      return page;
    },
  };
}

/**
 * Pairs the extension through the device flow: "Appairer" in the popup, "Autoriser" on the
 * PWA page it opens (the person is already signed in there). Returns the popup, paired.
 */
export async function pairExtension(extension: LoadedExtension): Promise<Page> {
  const popup = await extension.openPopup();
  await popup.getByText('Déconnecté', { exact: true }).waitFor();
  const verification = extension.browser.context.waitForEvent('page', {
    predicate: (page) => page.url().includes('/appairer'),
  });
  await popup.getByRole('button', { name: 'Appairer' }).click();
  const approval = await verification;
  await approval.getByRole('button', { name: 'Autoriser' }).click();
  await approval.getByText('est appairée').waitFor();
  await approval.close();
  await popup.getByText(/^Connecté/).waitFor({ timeout: 20_000 });
  return popup;
}
