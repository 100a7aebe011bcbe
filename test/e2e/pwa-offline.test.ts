import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BrowserSession, goOffline, openBrowser } from './lib/browser.ts';

const baseUrl = inject('baseUrl');
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the PWA shell', () => {
  it('shows the login page, and still shows it after an offline reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain(
      "En cas d'urgence, composez le 15",
    );

    await goOffline(browser, page);
    await page.reload();
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Hors connexion');
    await browser.context.setOffline(false);
  });

  it('is installable: a manifest in French with icons', async () => {
    const response = await fetch(`${baseUrl}/manifest.webmanifest`);
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as { lang: string; icons: { sizes: string }[] };
    expect(manifest.lang).toBe('fr');
    expect(manifest.icons.map((icon) => icon.sizes)).toContain('512x512');
  });

  it('answers GET /api/health with JSON', async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { status: string }).status).toBe('ok');
  });
});
