import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { jmapResponses, primaryAccount, sendAs } from './lib/jmap.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const elodie = DEMO_IDENTITIES.find((p) => p.givenName === 'Élodie');
const thomas = DEMO_IDENTITIES.find((p) => p.givenName === 'Thomas');
const KARIM = 'karim.benali@medecin.pli.mssante.fr';
let browser: BrowserSession;

type Person = Awaited<ReturnType<typeof demoDeviceToken>>;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const send = (from: Person, to: string, subject: string) => sendAs(baseUrl, from, to, subject);

/** The text and `Auto-Submitted` of the messages of a person's mail with this subject. */
async function received(person: Person, subject: string) {
  const accountId = await primaryAccount(baseUrl, person.token);
  const responses = await jmapResponses(baseUrl, person.token, [
    ['Email/query', { accountId, filter: { subject } }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['subject', 'from', 'header:Auto-Submitted:asText', 'bodyValues', 'textBody'],
        fetchTextBodyValues: true,
      },
      'g',
    ],
  ]);
  return (responses[1]?.[1].list ?? []) as {
    subject: string;
    from: { email: string }[];
    'header:Auto-Submitted:asText': string | null;
    bodyValues: Record<string, { value: string }>;
  }[];
}

describe('the absence reply', () => {
  it('is set in the settings with a return date and a colleague from the directory, answers a correspondent once with both, and is turned off from the banner', async () => {
    const absent = await demoDeviceToken(baseUrl, elodie?.idNat ?? '', 'Vérification absence');
    const sender = await demoDeviceToken(baseUrl, thomas?.idNat ?? '', 'Vérification absence');
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, elodie?.idNat ?? '');
    await page.getByRole('list', { name: 'Messages' }).waitFor();

    await page.getByText('Paramètres du compte').click();
    const section = page.getByRole('region', { name: 'Message d’absence' });
    const back = new Date(Date.now() + 14 * 86_400_000);
    const backDay = `${back.getFullYear()}-${String(back.getMonth() + 1).padStart(2, '0')}-${String(back.getDate()).padStart(2, '0')}`;
    await section.getByLabel('Répondre automatiquement aux messages reçus').check();
    await section.getByLabel('De retour le').fill(backDay);
    // The colleague, suggested by the Annuaire Santé as the name is typed.
    const replacement = section.getByLabel('En mon absence, écrire à (facultatif)');
    await replacement.fill('Benali');
    await page.locator(`#replacement-suggestions option[value="${KARIM}"]`).waitFor({
      state: 'attached',
    });
    await replacement.fill(KARIM);
    const preview = section.getByRole('region', { name: 'Aperçu de la réponse' });
    await preview.getByText(`vous pouvez écrire à ${KARIM}`).waitFor();
    await section.getByRole('button', { name: 'Enregistrer le message d’absence' }).click();
    await section.getByText('Message d’absence enregistré et activé.').waitFor();
    const banner = page.getByRole('status', { name: 'Message d’absence' });
    await banner.waitFor();

    try {
      // A correspondent writes: one automatic reply, naming the return and the colleague.
      const subject = `Renouvellement d'ordonnance ${Date.now()}`;
      await send(sender, absent.address, subject);
      await expect
        .poll(async () => (await received(sender, `Réponse automatique : ${subject}`)).length, {
          timeout: 30_000,
        })
        .toBe(1);
      const [reply] = await received(sender, `Réponse automatique : ${subject}`);
      expect(reply?.from[0]?.email).toBe(absent.address);
      expect(reply?.['header:Auto-Submitted:asText']?.trim()).toBe('auto-replied');
      const text = Object.values(reply?.bodyValues ?? {})
        .map((b) => b.value)
        .join('\n');
      expect(text).toContain('Je suis absent(e) jusqu');
      expect(text).toContain(`En mon absence, vous pouvez écrire à ${KARIM}.`);
    } finally {
      // Off from the banner over the mail.
      await banner.getByRole('button', { name: 'Désactiver' }).click();
      await banner.waitFor({ state: 'detached' });
    }
    const [response] = await jmapResponses(
      baseUrl,
      absent.token,
      [['VacationResponse/get', { accountId: await primaryAccount(baseUrl, absent.token) }, 'v']],
      [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.vacationResponse],
    );
    const list = response?.[1].list as { isEnabled: boolean }[] | undefined;
    expect(list?.[0]?.isEnabled).toBe(false);
  }, 120_000);
});
