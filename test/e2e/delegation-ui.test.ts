import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const ELODIE = '810100010031';
const THOMAS = '810100010049';
const ELODIE_BAL = 'elodie.rousseau@infirmier.pli.mssante.fr';

let holderBrowser: BrowserSession;
let delegateBrowser: BrowserSession;

beforeAll(async () => {
  holderBrowser = await openBrowser();
  delegateBrowser = await openBrowser();
});
afterAll(async () => {
  await holderBrowser?.close();
  await delegateBrowser?.close();
});

describe('the délégation settings in the webmail', () => {
  it('the holder adds a delegate by RPPS, who then sees the BAL, until the holder removes him', async () => {
    const holder = await holderBrowser.context.newPage();
    await loginWithPsc(holder, baseUrl, ELODIE);
    await holder.getByText('Paramètres du compte').click();
    await holder.getByRole('button', { name: 'Afficher les délégations' }).click();
    await holder.getByLabel('Ou saisissez son numéro RPPS').fill('10100010049');
    await holder
      .locator('form', { has: holder.getByLabel('Ou saisissez son numéro RPPS') })
      .getByRole('button', { name: 'Ajouter' })
      .click();
    await holder.getByText('Délégation ajoutée').waitFor();
    await holder.getByText('Thomas Lefèvre').waitFor();

    // The delegate signs in (his own card) and finds the holder's BAL among his.
    const delegate = await delegateBrowser.context.newPage();
    await loginWithPsc(delegate, baseUrl, THOMAS);
    await delegate.getByText(ELODIE_BAL).waitFor();
    expect(await delegate.getByText('(délégataire)').count()).toBe(1);

    // The holder removes the delegation, which asks first; the delegate's next look no
    // longer shows the BAL. (The mail list's triage toolbar has a « Supprimer » too: take
    // the delegate's own.)
    const delegateItem = holder.getByRole('listitem').filter({ hasText: 'Thomas Lefèvre' });
    await delegateItem.getByRole('button', { name: 'Supprimer' }).click();
    await delegateItem.getByRole('button', { name: 'Annuler' }).click();
    expect(await holder.getByText('Délégation supprimée').count()).toBe(0);
    await delegateItem.getByRole('button', { name: 'Supprimer' }).click();
    await delegateItem.getByRole('button', { name: 'Retirer la délégation' }).click();
    await holder.getByText('Délégation supprimée').waitFor();
    const bals = await delegate.evaluate(async () => {
      const me = (await (await fetch('/api/me')).json()) as { bals: { address: string }[] };
      return me.bals.map((b) => b.address);
    });
    expect(bals).not.toContain(ELODIE_BAL);
  });
});
