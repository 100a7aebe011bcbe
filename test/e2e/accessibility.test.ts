import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { seriousViolations } from './lib/axe.ts';
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

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it('finds a violation when there is one (the check is not vacuous)', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading').first().waitFor();
    await page.evaluate(() => {
      const field = document.createElement('input');
      field.type = 'text';
      document.querySelector('main')?.append(field);
    });
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('label');
  });

  it('forbids serious or critical violations on the login page and the public pages', async () => {
    const page = await browser.context.newPage();
    const found: Record<string, unknown> = {};
    for (const path of ['/', '/cgu', '/mentions-legales', '/confidentialite', '/support']) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading').first().waitFor();
      await page.getByText('Chargement…').waitFor({ state: 'detached' });
      const violations = await seriousViolations(page);
      if (violations.length) found[path] = violations;
    }
    expect(found).toEqual({});
  });

  it('forbids serious or critical violations in the inbox, a message, the composer, search results, the settings and the clean-up assistant', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByRole('button').first().waitFor();
    await waitForSync(page);
    const found: Record<string, unknown> = {};
    const check = async (screen: string) => {
      const violations = await seriousViolations(page);
      if (violations.length) found[screen] = violations;
    };
    await check('inbox');

    await list.getByRole('button').first().click();
    await page.getByRole('article').getByRole('heading').first().waitFor();
    await check('message');

    await page.getByRole('button', { name: 'Nouveau message' }).click();
    await page.getByRole('region', { name: 'Nouveau message' }).waitFor();
    await check('composer');
    await page.getByRole('button', { name: 'Annuler' }).first().click();

    await page.getByRole('searchbox').first().fill('compte rendu');
    await page
      .getByRole('region', { name: /Résultats/ })
      .first()
      .waitFor();
    await check('search results');
    await page.getByRole('searchbox').first().fill('');

    await page.getByRole('button', { name: 'Libérer de l’espace' }).click();
    await page.getByRole('list', { name: 'Suggestions' }).waitFor();
    await check('clean-up assistant');

    await page.getByText('Paramètres du compte').click();
    await page
      .getByRole('list', { name: 'Règles de tri' })
      .or(page.getByText('Aucune règle de tri.'))
      .first()
      .waitFor();
    await check('settings');
    expect(found).toEqual({});
  });
});
