import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/lib/chromium.ts';

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
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
