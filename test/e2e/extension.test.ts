import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectEnv, ROOT, run } from '../../scripts/lib/processes.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';

const extensionPath = `${ROOT}extension/.output/chrome-mv3`;
let browser: BrowserSession;

beforeAll(async () => {
  await run(
    process.execPath,
    [`${ROOT}node_modules/wxt/bin/wxt.mjs`, 'build', 'extension'],
    projectEnv(),
  );
  browser = await openBrowser({ extensionPath });
});
afterAll(async () => {
  await browser?.close();
});

describe('the extension in Chromium', () => {
  it('runs its background service worker and opens its French popup', async () => {
    const worker =
      browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await page.getByRole('heading', { name: 'Pli' }).waitFor();
    expect(await page.textContent('body')).toContain("En cas d'urgence, composez le 15");
    expect(await page.getByRole('link', { name: 'Ouvrir la messagerie' }).count()).toBe(1);
  });
});
