import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DevOutbox } from '../../shared/dev-outbox.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const OPERATOR = { email: 'odile.exploitation@example.org', password: 'Pli-demo-Operateur-2026' };
const CLAIRE = '810100010015';

let operatorBrowser: BrowserSession;
let practitionerBrowser: BrowserSession;

beforeAll(async () => {
  operatorBrowser = await openBrowser();
  practitionerBrowser = await openBrowser();
});
afterAll(async () => {
  await operatorBrowser?.close();
  await practitionerBrowser?.close();
});

async function newestOutboxId(): Promise<number> {
  const { items } = (await (await fetch(`${baseUrl}/dev/outbox?limit=1`)).json()) as DevOutbox;
  return items[0]?.id ?? 0;
}

/** The newest 6-digit code sent to a recipient after an outbox id. */
async function codeFor(to: string, after: number): Promise<string> {
  for (let i = 0; i < 40; i += 1) {
    const { items } = (await (
      await fetch(`${baseUrl}/dev/outbox?to=${encodeURIComponent(to)}`)
    ).json()) as DevOutbox;
    const code = items.find((entry) => entry.id > after)?.body.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code for ${to}`);
}

/** The demo operator's login: personal email, password, then the code sent by email. */
async function operatorLogin(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Adresse MSSanté', { exact: true }).fill(OPERATOR.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(OPERATOR.password);
  await page.getByRole('button', { name: 'Continuer' }).click();
  const before = await newestOutboxId();
  await page.getByRole('button', { name: 'Recevoir le code par courriel' }).click();
  await page.getByLabel('Code à 6 chiffres').fill(await codeFor(OPERATOR.email, before));
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
}

const CSV = [
  'idNat;civilite;nom;prenom;email;mobile;profession',
  '3900000001;MME;Lambert;Nadia;nadia.lambert@example.org;0612345678;',
  '3900000002;M;Roux;Bastien;bastien.roux@example.org;;',
  '3900000003;MME;Petit;Inès;pas-une-adresse;;',
].join('\n');

describe('the operator console in the webmail', () => {
  it('lets the demo operator set a maintenance banner, import medico-social accounts and read the statistics', async () => {
    const page = await operatorBrowser.context.newPage();
    await operatorLogin(page);
    await page.getByRole('button', { name: 'Console d’exploitation' }).click();
    await page.getByRole('heading', { name: 'Console d’exploitation' }).waitFor();

    // A maintenance banner, shown on the page at once, then removed.
    const message = 'Maintenance prévue ce soir de 22 h à 23 h';
    await page.getByLabel('Message du bandeau').fill(message);
    await page.getByRole('button', { name: 'Afficher le bandeau' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Bandeau de maintenance enregistré.' })
      .waitFor();
    await page.getByText(message, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Retirer le bandeau' }).click();
    await page.getByRole('status').filter({ hasText: 'Bandeau de maintenance retiré.' }).waitFor();
    expect(await page.getByText(message, { exact: true }).count()).toBe(0);

    // A registration authority's CSV: two accounts created, one row refused with its reason.
    await page.getByLabel('Fichier CSV des comptes').setInputFiles({
      name: 'comptes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await page.getByRole('button', { name: 'Importer les comptes' }).click();
    const results = page.getByRole('table', { name: 'Résultat de l’import, ligne par ligne' });
    await results.waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: '2 compte(s) créé(s), 0 déjà connu(s), 1 ligne(s) refusée(s)' })
      .waitFor();
    expect(
      await results.getByRole('row').filter({ hasText: '3900000001' }).textContent(),
    ).toContain('Créé');
    expect(
      await results.getByRole('row').filter({ hasText: '3900000002' }).textContent(),
    ).toContain('Créé');
    expect(await results.getByRole('row').filter({ hasText: 'Ligne 4' }).textContent()).toContain(
      'adresse électronique invalide',
    );

    // The anonymous daily statistics, as a table, with what is anonymised and when.
    const table = page.getByRole('table', { name: 'Statistiques quotidiennes anonymes' });
    await table.waitFor();
    expect(await table.getByRole('columnheader', { name: 'Utilisateurs actifs' }).count()).toBe(1);
    expect(await page.getByText('anonymisées au bout de 3 mois').count()).toBe(1);

    // The CGU form asks before publishing; cancelled here (publishing would reach every user).
    await page.getByLabel('Numéro de version').fill('e2e-non-publiee');
    await page.getByLabel('Titre').fill('Conditions générales');
    await page.getByLabel('Texte des conditions').fill('Texte');
    await page.getByRole('button', { name: 'Publier cette version…' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByRole('button', { name: 'Annuler' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.close();
  });

  it('shows no console to a practitioner, whom the operator API refuses', async () => {
    const page = await practitionerBrowser.context.newPage();
    await loginWithPsc(page, baseUrl, CLAIRE);
    await page.getByRole('heading', { name: 'Mes boîtes aux lettres' }).waitFor();
    expect(await page.getByRole('button', { name: 'Console d’exploitation' }).count()).toBe(0);
    const status = await page.evaluate(
      async () => (await fetch('/api/operator/stats?from=2026-01-01&to=2026-01-31')).status,
    );
    expect(status).toBe(403);
    await page.close();
  });
});
