import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import { DEFAULT_QUOTA_BYTES } from '../../shared/mssante/limits.ts';
import { type BrowserSession, openBrowser } from './lib/browser.ts';
import { jmapById, primaryAccount } from './lib/jmap.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const thomas = DEMO_IDENTITIES.find((p) => p.givenName === 'Thomas');
const QUOTA_USING = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:quota'];
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const setQuota = (address: string, bytes: number) =>
  fetch(`${baseUrl}/dev/quota`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ address, bytes }),
  });

/** A message of about `size` bytes (a scanned report's worth of text), received long ago. */
function bulky(subject: string, size: number): string {
  return [
    'From: Imagerie du CHU <imagerie@chu-lyon-demo.mssante.fr>',
    'To: thomas.lefevre@pharmacien.pli.mssante.fr',
    `Subject: ${subject}`,
    `Message-ID: <${crypto.randomUUID()}@chu-lyon-demo.mssante.fr>`,
    'Date: Mon, 04 Dec 2023 09:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Compte rendu numérisé. '.repeat(Math.ceil(size / 23)),
    '',
  ].join('\r\n');
}

describe('the quota clean-up assistant', () => {
  it('frees the space of a BAL filled near its quota in a few clicks, and the meter shows it', async () => {
    const owner = await demoDeviceToken(baseUrl, thomas?.idNat ?? '', 'Nettoyage e2e');
    const accountId = await primaryAccount(baseUrl, owner.token);
    const quota = async () => {
      const got = await jmapById(
        baseUrl,
        owner.token,
        [['Quota/get', { accountId }, 'q']],
        QUOTA_USING,
      );
      return (got.get('q')?.list as { used: number }[] | undefined)?.[0]?.used ?? 0;
    };
    const tag = Date.now();
    const subjects = [`Scanner thoracique ${tag}`, `IRM lombaire ${tag}`];
    try {
      // Two large old messages bring the BAL to about 95 % of a quota set just above them.
      const inboxes = await jmapById(baseUrl, owner.token, [
        ['Mailbox/query', { accountId, filter: { role: 'inbox' } }, 'm'],
      ]);
      const inbox = (inboxes.get('m')?.ids as string[] | undefined)?.[0];
      for (const subject of subjects) {
        const upload = await fetch(`${baseUrl}/jmap/upload/${accountId}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'message/rfc822' },
          body: bulky(subject, 1_000_000),
        });
        const { blobId } = (await upload.json()) as { blobId: string };
        const imported = await jmapById(baseUrl, owner.token, [
          [
            'Email/import',
            {
              accountId,
              emails: {
                e: {
                  blobId,
                  mailboxIds: { [inbox ?? '']: true },
                  receivedAt: '2023-12-04T08:00:00Z',
                },
              },
            },
            'i',
          ],
        ]);
        expect(imported.get('i')?.created).toHaveProperty('e');
      }
      const used = await quota();
      expect((await setQuota(owner.address, Math.round(used / 0.95))).status).toBe(200);

      const page = await browser.context.newPage();
      await loginWithPsc(page, baseUrl, thomas?.idNat ?? '');
      const folders = page.getByRole('navigation', { name: 'Dossiers' });
      await folders.getByRole('alert').filter({ hasText: 'presque pleine' }).waitFor();
      await folders.getByText('(95 %)', { exact: false }).waitFor();
      await folders.getByRole('button', { name: 'Libérer de l’espace' }).click();

      const assistant = page.getByRole('region', { name: 'Libérer de l’espace' });

      // What keeps filling the BAL: the assistant suggests a rule for that correspondent.
      const sender = 'imagerie@chu-lyon-demo.mssante.fr';
      await assistant
        .getByRole('button', { name: `Créer une règle : Messages de ${sender}` })
        .click();
      const form = assistant.getByRole('form', { name: 'Nouvelle règle de tri' });
      expect(await form.getByLabel('Valeur de la condition 1').inputValue()).toBe(sender);
      await form.getByLabel('Classer dans').selectOption({ label: 'Archives' });
      await form.getByRole('button', { name: 'Enregistrer la règle' }).click();
      await assistant.getByRole('status').filter({ hasText: 'enregistrée' }).waitFor();

      const largest = assistant.getByRole('list', { name: 'Messages les plus volumineux' });
      for (const subject of subjects) {
        await largest.getByRole('button', { name: `Mettre à la corbeille « ${subject} »` }).click();
        await assistant.getByRole('status').filter({ hasText: 'à la corbeille' }).waitFor();
        await expect
          .poll(() => largest.getByRole('button', { name: new RegExp(subject) }).count())
          .toBe(0);
      }
      await assistant.getByRole('button', { name: 'Vider la corbeille' }).click();
      await assistant.getByRole('button', { name: 'Confirmer la suppression définitive' }).click();
      await assistant.getByRole('status').filter({ hasText: 'Corbeille vidée' }).waitFor();

      // The space is back: under 90 %, no warning, and the server agrees.
      await expect.poll(() => folders.getByRole('alert').count(), { timeout: 15_000 }).toBe(0);
      expect(await quota()).toBeLessThan(used - 1_900_000);
    } finally {
      await setQuota(owner.address, DEFAULT_QUOTA_BYTES);
      const rules = await jmapById(
        baseUrl,
        owner.token,
        [['FilingRule/get', { accountId }, 'r']],
        [...QUOTA_USING, JMAP_CAPABILITIES.filingRules],
      );
      const made = (rules.get('r')?.list as { id: string; name: string }[] | undefined) ?? [];
      await jmapById(
        baseUrl,
        owner.token,
        [['FilingRule/set', { accountId, destroy: made.map((r) => r.id) }, 'd']],
        [...QUOTA_USING, JMAP_CAPABILITIES.filingRules],
      );
    }
  });
});
