import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
const karim = DEMO_IDENTITIES.find((p) => p.givenName === 'Karim');
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('the composer', () => {
  it('refuses a recipient outside the trust space, then sends a letter with a PDF to a colleague', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page.getByRole('button', { name: 'Nouveau message' }).click();
    const form = page.getByRole('region', { name: 'Nouveau message' });

    // Suggestions come from the directory as the address is typed.
    await form.getByLabel('À', { exact: true }).fill('Benali');
    await page.waitForFunction(
      () => document.querySelectorAll('#directory-suggestions option').length > 0,
    );

    await form.getByLabel('À', { exact: true }).fill('docteur.x@gmail.com');
    await form.getByLabel('Objet').fill('Adressage');
    await form.getByLabel('Message').fill('Chère consœur, cher confrère…');
    await form.getByRole('button', { name: 'Envoyer' }).click();
    const refusal = await form.getByRole('alert').textContent();
    expect(refusal).toContain('docteur.x@gmail.com');
    expect(refusal).toContain('Rien n’a été envoyé');

    const subject = `Courrier d'adressage ${Date.now()}`;
    await form.getByLabel('À', { exact: true }).fill('karim.benali@medecin.pli.mssante.fr');
    await form.getByLabel('Objet').fill(subject);
    await form.getByLabel('Pièces jointes').setInputFiles({
      name: 'courrier.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await form.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();

    // The recipient (another person: a new login never keeps the previous one's data).
    await loginWithPsc(page, baseUrl, karim?.idNat ?? '');
    const item = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: subject });
    await item.waitFor();
    await item.click();
    const attachment = page.getByRole('list', { name: 'Pièces jointes' }).getByRole('link');
    expect(await attachment.textContent()).toBe('courrier.pdf');
    const href = (await attachment.getAttribute('href')) ?? '';
    const bytes = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return [...new Uint8Array(await response.arrayBuffer())];
    }, href);
    expect(Buffer.from(bytes).equals(PDF)).toBe(true);
  });

  it('keeps a message being written across a reload, and forgets it once cancelled', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page.getByRole('button', { name: 'Nouveau message' }).click();
    const form = page.getByRole('region', { name: 'Nouveau message' });
    await form.getByLabel('Objet').fill('Compte rendu en cours');
    await form.getByLabel('Message').fill('Chère consœur, suite à notre échange…');
    await page.waitForTimeout(600);
    await page.reload();
    await form.getByLabel('Objet').waitFor();
    expect(await form.getByLabel('Objet').inputValue()).toBe('Compte rendu en cours');
    expect(await form.getByLabel('Message').inputValue()).toBe(
      'Chère consœur, suite à notre échange…',
    );
    await form.getByRole('button', { name: 'Annuler' }).click();
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole('list', { name: 'Messages' }).getByRole('button').first().waitFor();
    expect(await page.getByRole('region', { name: 'Nouveau message' }).count()).toBe(0);
  });
});
