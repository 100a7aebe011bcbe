import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/lib/chromium.ts';
import { watchContext } from './diagnostics.ts';

/** Every browser context still open, so that each test can close the pages it opened. */
const liveContexts = new Set<BrowserContext>();

/** The pages open right now in every live browser. */
export function openPages(): Set<Page> {
  return new Set([...liveContexts].flatMap((context) => context.pages()));
}

/**
 * Closes the pages opened since `before`. A signed-in page keeps an EventSource open, and
 * Chromium holds at most six HTTP/1.1 connections per host (the local server): pages left
 * open by earlier tests would stall the requests of later ones.
 */
export async function closePagesOpenedSince(before: Set<Page>): Promise<void> {
  const opened = [...openPages()].filter((page) => !before.has(page));
  await Promise.all(opened.map((page) => page.close().catch(() => undefined)));
}

/**
 * Keeps a screenshot of each page opened since `before`, for a failed test, under
 * `$TMPDIR/pli-e2e-screens` (test data only: demo mailboxes).
 */
export async function keepScreens(test: string, before: Set<Page>): Promise<void> {
  const dir = join(tmpdir(), 'pli-e2e-screens');
  mkdirSync(dir, { recursive: true });
  const slug = test.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  const opened = [...openPages()].filter((page) => !before.has(page));
  await Promise.all(
    opened.map((page, index) =>
      page
        .screenshot({ path: join(dir, `${slug}-${index}.png`), fullPage: true, timeout: 5_000 })
        .catch(() => undefined),
    ),
  );
  if (opened.length > 0) console.error(`Screenshots of « ${test} » in ${dir}`);
}

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
  liveContexts.add(context);
  return {
    context,
    async close() {
      liveContexts.delete(context);
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
