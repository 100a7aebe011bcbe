import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { jmapById, primaryAccount } from './lib/jmap.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
const karim = DEMO_IDENTITIES.find((p) => p.givenName === 'Karim');
const KARIM = 'karim.benali@medecin.pli.mssante.fr';
const UNKNOWN = 'personne.inconnue@medecin.pli.mssante.fr';
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('delivery tracking in the webmail', () => {
  it('shows per recipient that one failed and one read the message, once the receipt comes back', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page.getByRole('button', { name: 'Nouveau message' }).click();
    const form = page.getByRole('region', { name: 'Nouveau message' });
    const subject = `Suivi de remise ${Date.now()}`;
    await form.getByLabel('À', { exact: true }).fill(`${KARIM}, ${UNKNOWN}`);
    await form.getByLabel('Objet').fill(subject);
    await form.getByLabel('Message').fill('Chère consœur, cher confrère…');
    await form.getByLabel('Demander un accusé de lecture').check();
    await form.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();

    // Karim reads it and sends the receipt, from his own client (JMAP).
    const reader = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Suivi e2e');
    const accountId = await primaryAccount(baseUrl, reader.token);
    const found = await jmapById(baseUrl, reader.token, [
      ['Email/query', { accountId, filter: { subject } }, 'q'],
    ]);
    const [emailId] = (found.get('q')?.ids ?? []) as string[];
    const receipt = await jmapById(
      baseUrl,
      reader.token,
      [
        [
          'MDN/send',
          {
            accountId,
            send: { r: { forEmailId: emailId, disposition: { type: 'displayed' } } },
          },
          'm',
        ],
      ],
      [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail, JMAP_CAPABILITIES.mdn],
    );
    expect(receipt.get('m')?.sent).toHaveProperty('r');

    // Claire's Sent folder marks the failure; the reader says who read it and who did not get it.
    const folders = page.getByRole('navigation', { name: 'Dossiers' });
    await folders.getByRole('button', { name: /^Envoyés/ }).click();
    const item = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: subject });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain('Échec de remise');
    await item.click();
    const panel = page.getByRole('region', { name: 'Suivi de la remise' });
    await expect
      .poll(() => panel.getByRole('listitem').allTextContents())
      .toEqual([
        `${KARIM} : Lu (accusé de lecture reçu)`,
        `${UNKNOWN} : Échec de remise : adresse inconnue`,
      ]);

    // The failure report in the inbox (the newest: e2e files run one at a time) offers no
    // reply to mailer-daemon.
    await folders.getByRole('button', { name: /^Boîte de réception/ }).click();
    const report = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: /Échec de remise/ })
      .first();
    await report.click();
    const article = page.getByRole('article');
    await article.getByRole('heading', { name: 'Échec de remise' }).waitFor();
    expect(await article.getByRole('button', { name: 'Répondre', exact: true }).count()).toBe(0);
    expect(await article.getByRole('button', { name: 'Transférer' }).count()).toBe(1);
    // The message that failed comes back attached, under its subject.
    await article
      .getByRole('list', { name: 'Pièces jointes' })
      .getByRole('link', { name: `${subject}.eml` })
      .waitFor();
  });
});
