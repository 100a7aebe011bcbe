import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DevOutbox } from '../../shared/dev-outbox.ts';
import type { DevAccounts } from '../../shared/identity.ts';
import { seriousViolations } from './lib/axe.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';

const baseUrl = inject('baseUrl');
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
beforeEach(async () => {
  // Each test starts signed out.
  await browser.context.clearCookies();
});
afterAll(async () => {
  await browser?.close();
});

async function accounts(): Promise<DevAccounts['accounts']> {
  return ((await (await fetch(`${baseUrl}/dev/accounts`)).json()) as DevAccounts).accounts;
}

/** The newest 6-digit code sent to a recipient, from the dev outbox. */
async function codeFor(to: string, after = 0): Promise<string> {
  for (let i = 0; i < 40; i += 1) {
    const { items } = (await (
      await fetch(`${baseUrl}/dev/outbox?to=${encodeURIComponent(to)}`)
    ).json()) as DevOutbox;
    const item = items.find((entry) => entry.id > after);
    const code = item?.body.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no code for ${to}`);
}

async function lastOutboxId(): Promise<number> {
  const { items } = (await (await fetch(`${baseUrl}/dev/outbox?limit=1`)).json()) as DevOutbox;
  return items[0]?.id ?? 0;
}

/** The onboarding form once Pro Santé Connect is through: CGU, a verified email, the BAL. */
async function finishOnboarding(page: Page, personal: string) {
  await page.getByLabel('J’accepte les conditions générales d’utilisation').check();
  const before = await lastOutboxId();
  await page.getByRole('textbox', { name: 'Adresse électronique personnelle' }).fill(personal);
  await page.getByRole('button', { name: 'Recevoir un code de vérification' }).click();
  await page.getByLabel('Code de vérification').fill(await codeFor(personal, before));
  await page.getByRole('button', { name: 'Vérifier l’adresse' }).click();
  await page.getByText(`Adresse vérifiée : ${personal}`).waitFor();
  await page.getByLabel('Téléphone mobile (facultatif)').fill('0611223344');
  await page.getByRole('button', { name: 'Créer ma boîte aux lettres' }).click();
}

async function passwordStep(page: Page, address: string, password: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Adresse MSSanté', { exact: true }).fill(address);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('button', { name: 'Recevoir le code par courriel' }).click();
  await page.getByText('Un code valable 5 minutes vient de vous être envoyé.').waitFor();
}

describe('login through Pro Santé Connect', () => {
  it('onboards a new practitioner, lands in the empty inbox, and logs out at the provider too', async () => {
    const camille = (await accounts()).find((a) => a.idNat === '810100020014');
    expect(camille?.hasBal).toBe(false);
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();

    // The stand-in's card chooser, on another site (localhost).
    await page.getByRole('heading', { name: 'Choisissez une carte CPS de test' }).waitFor();
    expect(new URL(page.url()).hostname).toBe('localhost');
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Camille Dubois' })
      .getByRole('button', { name: 'Utiliser cette carte' })
      .click();

    // Back on Pli: the onboarding.
    await page.getByRole('heading', { name: 'Bienvenue Camille DUBOIS' }).waitFor();
    // Accessible as it stands (axe-core, WCAG 2.1 A and AA: no serious or critical issue).
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.getByText('camille.dubois@medecin.pli.mssante.fr').count()).toBe(1);
    await finishOnboarding(page, 'camille.dubois@example.org');

    // The empty inbox of the new BAL.
    await page.getByRole('heading', { name: 'Boîte de réception' }).waitFor();
    await page
      .getByText(/Aucun message/)
      .first()
      .waitFor();
    expect(await page.getByText('camille.dubois@medecin.pli.mssante.fr').count()).toBeGreaterThan(
      0,
    );
    const after = (await accounts()).find((a) => a.idNat === '810100020014');
    expect(after).toMatchObject({ hasBal: true, address: 'camille.dubois@medecin.pli.mssante.fr' });

    // Logout goes through the provider's end_session endpoint, then back to Pli.
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.getByRole('heading', { name: 'Déconnexion de Pro Santé Connect' }).waitFor();
    expect(new URL(page.url()).pathname).toContain('/protocol/openid-connect/logout');
    await page.getByRole('button', { name: 'Se déconnecter de Pro Santé Connect' }).click();
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).waitFor();
    expect(new URL(page.url()).host).toBe(new URL(baseUrl).host);
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    await page.close();
  });

  it('refuses the onboarding of an identity without a professional practice', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/auth/psc/login?login_hint=810100020089`);
    await page.getByRole('heading', { name: 'Création de boîte aux lettres impossible' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('aucun exercice professionnel');
    await page.close();
  });
});

describe('closing a BAL from the settings', () => {
  it('deletes the BAL only once its address is typed, erases it, closes the account of its only BAL and says so on the login page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/auth/psc/login?login_hint=810100020055`);
    await page.getByRole('heading', { name: 'Bienvenue Julien ROUX' }).waitFor();
    await finishOnboarding(page, 'julien.roux@example.org');
    await page.getByRole('heading', { name: 'Boîte de réception' }).waitFor();
    const address = (await accounts()).find((a) => a.idNat === '810100020055')?.address ?? '';
    expect(address).toMatch(/^julien\.roux.*@/);

    await page.getByText('Paramètres du compte').click();
    const form = page.getByRole('form', { name: 'Supprimer cette boîte' });
    const erase = form.getByRole('button', { name: 'Supprimer définitivement la boîte' });
    await erase.waitFor();
    expect(await form.textContent()).toContain('votre compte Pli sera fermé');
    // Forbidden until the address is typed exactly (any case).
    expect(await erase.isDisabled()).toBe(true);
    const confirm = form.getByLabel('Pour confirmer, saisissez l’adresse de la boîte');
    await confirm.fill(address.replace('julien', 'julian'));
    expect(await erase.isDisabled()).toBe(true);
    await confirm.fill(address.toUpperCase());
    await erase.click();

    const farewell = page.getByRole('status').filter({ hasText: 'Votre compte Pli est fermé.' });
    await farewell.waitFor();
    expect(await farewell.textContent()).toContain(`La boîte ${address} est supprimée`);
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
    expect((await accounts()).find((a) => a.idNat === '810100020055')?.hasBal).toBe(false);
    // Nothing of the BAL stays in this browser.
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    await page.close();
  });
});

describe('a card swap in the same browser', () => {
  it('never shows the previous practitioner: the new login replaces the old session', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/auth/psc/login?login_hint=810100020022`);
    await page.getByRole('heading', { name: 'Bienvenue Léa MOREAU' }).waitFor();
    const first = (await browser.context.cookies(baseUrl)).find((c) => c.name === 'pli_session');

    await page.goto(`${baseUrl}/auth/psc/login?login_hint=810100020030`);
    await page.getByRole('heading', { name: 'Bienvenue Hugo BERNARD' }).waitFor();
    expect(await page.getByText('Léa').count()).toBe(0);
    const second = (await browser.context.cookies(baseUrl)).find((c) => c.name === 'pli_session');
    expect(second?.value).not.toBe(first?.value);
    const old = await fetch(`${baseUrl}/api/me`, {
      headers: { Cookie: `pli_session=${first?.value}` },
    });
    expect(old.status).toBe(401);
    await page.close();
  });
});

describe('login with address, password and one-time code', () => {
  it('logs a demo holder in with the code read from the dev outbox', async () => {
    const claire = (await accounts()).find((a) => a.source === 'demo' && a.hasBal);
    if (!claire?.address || !claire.password) throw new Error('no demo holder');
    const page = await browser.context.newPage();
    const before = await lastOutboxId();
    await passwordStep(page, claire.address, claire.password);
    await page
      .getByLabel('Code à 6 chiffres')
      .fill(await codeFor('claire.martin@example.org', before));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { name: 'Boîte de réception' }).waitFor();
    expect(await page.getByText(claire.address).count()).toBeGreaterThan(0);
    const cookies = await browser.context.cookies(baseUrl);
    const session = cookies.find((c) => c.name === 'pli_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).waitFor();
    await page.close();
  });

  it('locks the login after 5 wrong codes', async () => {
    // Sophie Garnier (the demo delegate) is locked here: no other test logs in as her,
    // so the 15-minute lock cannot reach another test sharing this stack.
    const sophie = (await accounts()).find((a) => a.idNat === '810100010056');
    if (!sophie?.address || !sophie.password) throw new Error('no demo delegate');
    const page = await browser.context.newPage();
    const before = await lastOutboxId();
    await passwordStep(page, sophie.address, sophie.password);
    const right = await codeFor('sophie.garnier@example.org', before);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      await page.getByLabel('Code à 6 chiffres').fill(wrong);
      await page.getByRole('button', { name: 'Valider' }).click();
      const expected = i < 4 ? 'Code incorrect ou expiré' : 'Trop de tentatives';
      await page.getByRole('alert').filter({ hasText: expected }).waitFor();
    }
    await page.getByLabel('Code à 6 chiffres').fill(right);
    await page.getByRole('button', { name: 'Valider' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Trop de tentatives|session a expiré/ })
      .waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/me')).status);
    expect(status).toBe(401);
    await page.close();
  });
});
