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

  it('announces a week ahead what a folder’s retention will move to the Corbeille, and keeps everything again when asked', async () => {
    const owner = await demoDeviceToken(baseUrl, claire?.idNat ?? '', 'Conservation e2e');
    const accountId = await primaryAccount(baseUrl, owner.token);
    const name = `Anciens ${Date.now()}`;
    const made = await jmapById(baseUrl, owner.token, [
      ['Mailbox/set', { accountId, create: { f: { name, parentId: null } } }, 'f'],
      [
        'Email/set',
        {
          accountId,
          create: {
            e: {
              mailboxIds: { '#f': true },
              keywords: { $seen: true },
              from: [{ email: KARIM }],
              to: [{ email: 'claire.martin@medecin.pli.mssante.fr' }],
              subject: `Compte rendu de ${name}`,
              receivedAt: new Date(Date.now() - 60 * 24 * 3600 * 1000).toISOString(),
              bodyValues: { b: { value: 'Compte rendu de consultation.' } },
              textBody: [{ partId: 'b', type: 'text/plain' }],
            },
          },
        },
        'e',
      ],
    ]);
    expect(made.get('e')?.created).toHaveProperty('e');

    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const folders = page.getByRole('navigation', { name: 'Dossiers' });
    await folders.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: new RegExp(`Compte rendu de ${name}`) })
      .waitFor();
    await folders.getByRole('button', { name: `Conservation du dossier « ${name} »` }).click();
    const form = folders.getByRole('form', { name: 'Conservation du dossier' });
    await form
      .getByLabel(`Conserver les messages de « ${name} »`)
      .selectOption({ label: '1 mois' });
    await form.getByRole('button', { name: 'Enregistrer' }).click();

    // Nothing went: the two-month-old message is announced, to go in a week.
    const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
    const inAWeek = () => day.format(new Date(Date.now() + 7 * 24 * 3600 * 1000));
    const expected = inAWeek();
    const notice = page.getByRole('status', { name: 'Conservation du dossier' });
    await notice.waitFor();
    expect(
      [expected, inAWeek()].map(
        (d) => `1 message de plus de 1 mois ira dans la Corbeille à partir du ${d}.`,
      ),
    ).toContain((await notice.textContent())?.replace(/Modifier la conservation$/, '').trim());
    expect(
      await page
        .getByRole('list', { name: 'Messages' })
        .getByRole('button', { name: new RegExp(`Compte rendu de ${name}`) })
        .count(),
    ).toBe(1);

    await notice.getByRole('button', { name: 'Modifier la conservation' }).click();
    await form
      .getByLabel(`Conserver les messages de « ${name} »`)
      .selectOption({ label: 'sans limite' });
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: 'conserve tous ses messages' }).waitFor();
    expect(await notice.count()).toBe(0);
  });
});
