import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type BrowserSession, openBrowser, waitForSync } from './lib/browser.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** How wide the page is, and what sticks out of the screen (named in a failure). */
async function widthOf(page: Page) {
  return page.evaluate(() => {
    const screen = document.documentElement.clientWidth;
    const wider = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > screen + 1 && el.checkVisibility())
      .filter((el) => !el.closest('.messages li, iframe'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { width: document.documentElement.scrollWidth, wider };
  });
}

describe('the webmail on a 360 px phone', () => {
  it('fits the screen, shows the open message instead of the list, and goes back to it', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByRole('button').first().waitFor();
    await waitForSync(page);
    expect(await widthOf(page)).toEqual({ width: 360, wider: [] });

    await list.getByRole('button').first().click();
    const reader = page.getByRole('article');
    await reader.getByRole('heading', { level: 2 }).waitFor();
    // The reader starts at the top of the screen: the list is out of the way.
    expect(await list.isVisible()).toBe(false);
    expect((await reader.boundingBox())?.y ?? 9999).toBeLessThan(740);
    expect(await widthOf(page)).toEqual({ width: 360, wider: [] });

    await reader.getByRole('button', { name: 'Fermer' }).click();
    await list.waitFor();
    expect(await list.isVisible()).toBe(true);
  });
});
