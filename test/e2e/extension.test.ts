import { readFileSync } from 'node:fs';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectEnv, ROOT, run } from '../../scripts/lib/processes.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { loginWithPsc } from './lib/login.ts';

/** The part of the extension API the evaluations below use (they run in its service worker). */
declare const chrome: {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
};

const baseUrl = inject('baseUrl');
const karim = DEMO_IDENTITIES.find((p) => p.givenName === 'Karim');
const extensionPath = `${ROOT}extension/.output/chrome-mv3`;
let browser: BrowserSession;
let worker: Worker;
let extensionId: string;

beforeAll(async () => {
  await run(
    process.execPath,
    [`${ROOT}node_modules/wxt/bin/wxt.mjs`, 'build', 'extension'],
    projectEnv(),
  );
  browser = await openBrowser({ extensionPath });
  worker =
    browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
  // This stack listens on a free port of 127.0.0.1 (the host the manifest allows).
  await worker.evaluate((url) => chrome.storage.local.set({ serverUrl: url }), baseUrl);
});
afterAll(async () => {
  await browser?.close();
});

async function openPopup(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.getByRole('heading', { name: 'Pli' }).waitFor();
  return page;
}

describe('the extension in Chromium', () => {
  it('asks for no host access but the Pli server’s, never <all_urls>, tabs or webRequest, in the Chrome and the Firefox builds', {
    timeout: 120_000,
  }, async () => {
    await run(
      process.execPath,
      [`${ROOT}node_modules/wxt/bin/wxt.mjs`, 'build', 'extension', '-b', 'firefox', '--mv3'],
      projectEnv(),
    );
    for (const build of ['chrome-mv3', 'firefox-mv3']) {
      const manifest = JSON.parse(
        readFileSync(`${ROOT}extension/.output/${build}/manifest.json`, 'utf8'),
      ) as Record<string, unknown>;
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*']);
      expect(manifest.permissions).toEqual([
        'storage',
        'notifications',
        'alarms',
        'contextMenus',
        'activeTab',
        'scripting',
      ]);
      // Practice software sites: optional, asked for one by one when the person enables one.
      expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
      expect(manifest.content_scripts).toBeUndefined();
      expect(JSON.stringify(manifest)).not.toMatch(/<all_urls>|"tabs"|webRequest/);
    }
  });

  it('runs its background service worker and opens its French popup', async () => {
    const popup = await openPopup();
    expect(await popup.textContent('body')).toContain("En cas d'urgence, composez le 15");
    expect(await popup.getByRole('link', { name: 'Ouvrir la messagerie' }).count()).toBe(1);
    await popup.close();
  });

  it('pairs through the device flow approved in the PWA, and shows "Déconnecté" once the device is revoked there', async () => {
    const pwa = await browser.context.newPage();
    await loginWithPsc(pwa, baseUrl, karim?.idNat ?? '');

    const popup = await openPopup();
    await popup.getByText('Déconnecté', { exact: true }).waitFor();
    const verification = browser.context.waitForEvent('page', {
      predicate: (page) => page.url().includes('/appairer'),
    });
    await popup.getByRole('button', { name: 'Appairer' }).click();
    const approval = await verification;
    const shownCode = await popup.locator('.code').textContent();
    expect(shownCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);

    // The PWA shows which device asks, with the code the extension shows.
    await approval.getByRole('heading', { name: 'Appairer un appareil' }).waitFor();
    await approval.getByText('Extension Pli — Chromium').first().waitFor();
    expect(await approval.textContent('main')).toContain(shownCode);
    expect(new URL(approval.url()).hash).toBe('');
    await approval.getByRole('button', { name: 'Autoriser' }).click();
    await approval.getByText('est appairée').waitFor();

    // The background polls at the interval and gets the token.
    await popup.getByText(/^Connecté/).waitFor({ timeout: 20_000 });
    // The address follows once the background has read the JMAP session.
    await expect
      .poll(() => popup.getByRole('status').textContent(), { timeout: 10_000 })
      .toContain('@');
    await popup.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    // The token is in the background's storage, never in what the popup shows.
    const token = await worker.evaluate(
      async () => (await chrome.storage.local.get('deviceToken')).deviceToken as string,
    );
    expect(token).toMatch(/^pli_dev_/);
    expect(await popup.content()).not.toContain(token);

    // Listed in the PWA's devices, revocable there.
    await pwa.goto(baseUrl);
    await pwa.getByText('Sécurité du compte').click();
    await pwa.getByRole('button', { name: 'Afficher mes appareils' }).click();
    const item = pwa.getByRole('listitem').filter({ hasText: 'Extension Pli — Chromium' });
    await item.waitFor();
    // Revoking asks first: nothing happens until the explicit second press.
    await item.getByRole('button', { name: 'Révoquer' }).click();
    await item.getByText('Il ne pourra plus accéder à votre messagerie').waitFor();
    await item.getByRole('button', { name: 'Révoquer l’appareil' }).click();
    await item.waitFor({ state: 'detached' });

    // The next JMAP call answers 401: the popup says "Déconnecté".
    const reopened = await openPopup();
    await reopened.getByText('Déconnecté', { exact: true }).waitFor({ timeout: 10_000 });
    await reopened.getByText('Cet appareil a été déconnecté de Pli').waitFor();
    await reopened.getByRole('button', { name: 'Appairer' }).waitFor();
    expect(
      await worker.evaluate(
        async () => (await chrome.storage.local.get('deviceToken')).deviceToken,
      ),
    ).toBeUndefined();
  });
});
