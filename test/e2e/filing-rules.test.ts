import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type BrowserSession, openBrowser, waitForSync } from './lib/browser.ts';
import { jmapById, primaryAccount, sendAs } from './lib/jmap.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
const karim = DEMO_IDENTITIES.find((p) => p.givenName === 'Karim');
const KARIM = 'karim.benali@medecin.pli.mssante.fr';
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('filing rules in the webmail', () => {
  it('makes a rule from a message, files the next one as it arrives, and lists it in the settings', async () => {
    const sender = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Règles e2e');
    const tag = `tri${Date.now()}`;
    await sendAs(baseUrl, sender, 'claire.martin@medecin.pli.mssante.fr', `Bilan ${tag} n°1`);

    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const first = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: `Bilan ${tag} n°1` });
    await first.waitFor();
    await waitForSync(page);
    await first.click();
    await page
      .getByRole('article')
      .getByRole('heading', { name: `Bilan ${tag} n°1` })
      .waitFor();
    await page.getByRole('button', { name: 'Créer une règle' }).click();

    // The rule starts from the sender; narrowed to this test's subjects, filed and flagged.
    const form = page.getByRole('form', { name: 'Nouvelle règle de tri' });
    expect(await form.getByLabel('Valeur de la condition 1').inputValue()).toBe(KARIM);
    await form.getByRole('button', { name: 'Ajouter une condition' }).click();
    await form.getByLabel('Condition 2', { exact: true }).selectOption('subject');
    await form.getByLabel('Valeur de la condition 2').fill(tag);
    await form.getByLabel('Classer dans').selectOption({ label: 'Archives' });
    await form.getByLabel('Suivre').check();
    await form.getByRole('button', { name: 'Enregistrer la règle' }).click();
    await page.getByRole('status').filter({ hasText: 'enregistrée' }).waitFor();

    // The next such message lands in Archives, flagged, without passing by the inbox.
    await sendAs(baseUrl, sender, 'claire.martin@medecin.pli.mssante.fr', `Bilan ${tag} n°2`);
    const reader = await demoDeviceToken(baseUrl, claire?.idNat ?? '', 'Règles e2e');
    const accountId = await primaryAccount(baseUrl, reader.token);
    const found = await jmapById(baseUrl, reader.token, [
      ['Mailbox/get', { accountId, properties: ['id', 'role'] }, 'm'],
      ['Email/query', { accountId, filter: { subject: `Bilan ${tag} n°2` } }, 'q'],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['mailboxIds', 'keywords'],
        },
        'g',
      ],
    ]);
    const archive = ((found.get('m')?.list ?? []) as { id: string; role: string }[]).find(
      (m) => m.role === 'archive',
    );
    const [filed] = (found.get('g')?.list ?? []) as {
      mailboxIds: Record<string, true>;
      keywords: Record<string, true>;
    }[];
    expect(Object.keys(filed?.mailboxIds ?? {})).toEqual([archive?.id]);
    expect(filed?.keywords.$flagged).toBe(true);
    const folders = page.getByRole('navigation', { name: 'Dossiers' });
    await folders.getByRole('button', { name: /^Archives/ }).click();
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: new RegExp(`Bilan ${tag} n°2`) })
      .waitFor();

    // The settings list it in French, and it can be deleted there.
    await page.getByText('Paramètres du compte').click();
    const list = page.getByRole('list', { name: 'Règles de tri' });
    const item = list.getByRole('listitem').filter({ hasText: tag });
    await item.waitFor();
    expect(await item.textContent()).toContain(
      `si l’expéditeur contient « ${KARIM} » et l’objet contient « ${tag} », classer dans « Archives », suivre.`,
    );
    await item.getByRole('button', { name: 'Supprimer' }).click();
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: tag }).count()).toBe(0);
  });
});
