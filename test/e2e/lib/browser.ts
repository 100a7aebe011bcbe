import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/lib/chromium.ts';
import { watchContext } from './diagnostics.ts';

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with a fresh profile. `extensionPath` loads an unpacked extension
 * (the new headless mode supports it).
 */
export async function openBrowser(
  options: { extensionPath?: string } = {},
): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'pli-chromium-'));
  const args = [...CHROMIUM_ARGS];
  if (options.extensionPath) {
    args.push(
      `--disable-extensions-except=${options.extensionPath}`,
      `--load-extension=${options.extensionPath}`,
    );
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args,
    ignoreDefaultArgs: options.extensionPath ? ['--disable-extensions'] : [],
    locale: 'fr-FR',
  });
  watchContext(context);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Cuts the network once the PWA's service worker controls `page` (so the shell it has
 * cached can answer an offline reload). Going offline earlier makes the reload fail.
 */
export async function goOffline(session: BrowserSession, page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  await session.context.setOffline(true);
}

/**
 * Waits until the webmail's sync has settled ("Synchronisation…" gone), so that rows stop
 * moving under the pointer. A first full sync of a large demo mailbox on a busy machine
 * takes seconds: the wait allows for it.
 */
export async function waitForSync(page: Page): Promise<void> {
  await page.getByText('Synchronisation…').waitFor({ state: 'detached', timeout: 20_000 });
}
