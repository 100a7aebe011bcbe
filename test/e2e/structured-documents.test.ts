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

describe('structured documents (IHE XDM) in the webmail', () => {
  it('lists what a demo letter’s IHE_XDM.zip holds and previews its PDF, the package still downloadable', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const item = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: /Lettre de liaison à la sortie — Élise Fabre/ });
    await item.waitFor();
    // The list hides the structured-mail subject prefix.
    expect(await item.textContent()).not.toContain('XDM/1.0/DDM+');
    await waitForSync(page);
    await item.click();
    const reader = page.getByRole('article');
    const attachment = reader
      .getByRole('list', { name: 'Pièces jointes' })
      .getByRole('link', { name: 'IHE_XDM.zip' });
    await attachment.waitFor();

    const section = reader.getByRole('region', { name: 'Documents structurés (IHE XDM)' });
    await section.getByRole('button', { name: 'Afficher les documents' }).click();
    const documents = section.getByRole('list', { name: 'Documents structurés' });
    await documents.waitFor();
    const text = (await documents.textContent()) ?? '';
    expect(text).toContain('Lettre de liaison à la sortie — Élise Fabre');
    expect(text).toContain('Élise FABRE, né(e) le 12 mars 1948');
    expect(text).toContain('Auteur');
    expect(text).toMatch(/20 novembre 2026/);

    await documents.getByRole('button', { name: /Aperçu du PDF/ }).click();
    const viewer = reader
      .getByRole('region', { name: /^Aperçu de Lettre de liaison/ })
      .locator('iframe');
    await viewer.waitFor();
    const url = (await viewer.getAttribute('src')) ?? '';
    expect(url).toMatch(/^blob:/);
    await expect
      .poll(() => page.frames().some((f) => f.url() === url), { timeout: 10_000 })
      .toBe(true);
  });
});
