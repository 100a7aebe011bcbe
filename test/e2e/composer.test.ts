import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type BrowserSession, openBrowser, waitForSync } from './lib/browser.ts';
import { jmapById, primaryAccount } from './lib/jmap.ts';
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

type Person = Awaited<ReturnType<typeof demoDeviceToken>>;

const jmap = (person: Person, calls: unknown[]) => jmapById(baseUrl, person.token, calls);
const accountOf = (person: Person) => primaryAccount(baseUrl, person.token);

/** The role of each folder holding a message with this subject, per message. */
async function foldersOf(person: Person, subject: string): Promise<(string | null)[][]> {
  const accountId = await accountOf(person);
  const r = await jmap(person, [
    ['Mailbox/get', { accountId, properties: ['id', 'role'] }, 'm'],
    ['Email/query', { accountId, filter: { subject } }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['mailboxIds'],
      },
      'g',
    ],
  ]);
  const roles = new Map(
    ((r.get('m')?.list ?? []) as { id: string; role: string | null }[]).map((m) => [m.id, m.role]),
  );
  return ((r.get('g')?.list ?? []) as { mailboxIds: Record<string, true> }[]).map((e) =>
    Object.keys(e.mailboxIds).map((id) => roles.get(id) ?? null),
  );
}

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
    const refusedSubject = `Adressage refusé ${Date.now()}`;
    await form.getByLabel('Objet').fill(refusedSubject);
    await form.getByLabel('Message').fill('Chère consœur, cher confrère…');
    await form.getByRole('button', { name: 'Envoyer' }).click();
    const refusal = await form.getByRole('alert').textContent();
    expect(refusal).toContain('docteur.x@gmail.com');
    expect(refusal).toContain('Rien n’a été envoyé');
    // Refused whole: no copy stays behind in Brouillons.
    const sender = await demoDeviceToken(baseUrl, claire?.idNat ?? '', 'Vérification e2e');
    expect(await foldersOf(sender, refusedSubject)).toEqual([]);

    const subject = `Courrier d'adressage ${Date.now()}`;
    await form.getByLabel('À', { exact: true }).fill('karim.benali@medecin.pli.mssante.fr');
    await form.getByLabel('Objet').fill(subject);
    await form.getByLabel('Ajouter des pièces jointes').setInputFiles({
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

    // Karim makes the sender a favourite: his next message offers her before he types.
    const reader = page.getByRole('article');
    await reader.getByRole('button', { name: 'Ajouter aux favoris' }).click();
    await reader.getByText('ajouté aux favoris').waitFor();
    await page.getByRole('button', { name: 'Nouveau message' }).click();
    const next = page.getByRole('region', { name: 'Nouveau message' });
    const favourites = next.getByRole('group', { name: 'Favoris :' });
    await favourites.getByRole('button').first().waitFor();
    await favourites.getByRole('button', { name: /Ajouter .*Martin/ }).click();
    expect(await next.getByLabel('À', { exact: true }).inputValue()).toBe(
      'claire.martin@medecin.pli.mssante.fr',
    );
    // Once chosen, she is not offered again.
    expect(await favourites.count()).toBe(0);
  });

  it('takes files dropped onto the form and chosen, shows the upload going, refuses more than 25 Mo before uploading, and the recipient gets each file byte-identical', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page.getByRole('button', { name: 'Nouveau message' }).click();
    const form = page.getByRole('region', { name: 'Nouveau message' });

    // A PDF dragged from the desktop and dropped onto the form.
    const dropped = await page.evaluateHandle(
      (bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(
          new File([new Uint8Array(bytes)], 'ordonnance.pdf', { type: 'application/pdf' }),
        );
        return transfer;
      },
      [...PDF],
    );
    await form.dispatchEvent('dragover', { dataTransfer: dropped });
    await form.dispatchEvent('drop', { dataTransfer: dropped });
    // A large scan chosen with the file field.
    const scan = randomBytes(6 * 1024 * 1024);
    await form
      .getByLabel('Ajouter des pièces jointes')
      .setInputFiles({ name: 'irm-genou.bin', mimeType: 'application/octet-stream', buffer: scan });
    const added = form.getByRole('list', { name: 'Pièces jointes ajoutées' });
    await expect.poll(() => added.getByRole('listitem').count()).toBe(2);
    expect(await added.textContent()).toContain('ordonnance.pdf');

    // Past the trust space's 25 Mo, refused at once; what was there stays.
    await form.getByLabel('Ajouter des pièces jointes').setInputFiles({
      name: 'trop-lourd.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(20 * 1024 * 1024),
    });
    expect(await form.getByRole('alert').textContent()).toContain('25 Mo');
    expect(await added.getByRole('listitem').count()).toBe(2);

    const subject = `Imagerie du genou ${Date.now()}`;
    await form.getByLabel('À', { exact: true }).fill('karim.benali@medecin.pli.mssante.fr');
    await form.getByLabel('Objet').fill(subject);
    // A slow uplink (about 2 Mo/s, a practice's ADSL line): the upload takes a few seconds.
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 2 * 1024 * 1024,
    });
    await form.getByRole('button', { name: 'Envoyer' }).click();
    const bar = form.getByRole('progressbar');
    await bar.waitFor();
    await expect
      .poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(Number(await bar.getAttribute('value'))).toBeLessThan(
      Number(await bar.getAttribute('max')),
    );
    await page
      .getByRole('status')
      .filter({ hasText: 'Message envoyé.' })
      .waitFor({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    // Received by Dr Benali with both files, byte for byte.
    const recipient = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Vérification e2e');
    const account = await accountOf(recipient);
    let attachments: { blobId: string; name: string; size: number }[] = [];
    for (let i = 0; i < 40 && attachments.length === 0; i++) {
      const got = await jmap(recipient, [
        ['Email/query', { accountId: account, filter: { subject } }, 'q'],
        [
          'Email/get',
          {
            accountId: account,
            '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
            properties: ['attachments'],
          },
          'g',
        ],
      ]);
      const list = (got.get('g')?.list ?? []) as { attachments: typeof attachments }[];
      attachments = list[0]?.attachments ?? [];
      if (attachments.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(attachments.map((a) => a.name).sort()).toEqual(['irm-genou.bin', 'ordonnance.pdf']);
    for (const attachment of attachments) {
      const response = await fetch(
        `${baseUrl}/jmap/download/${account}/${attachment.blobId}/${attachment.name}`,
        { headers: { Authorization: `Bearer ${recipient.token}` } },
      );
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(attachment.name === 'ordonnance.pdf' ? PDF : scan)).toBe(true);
    }
  }, 120_000);

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

  it('resumes a draft of Brouillons with its attachment, sends it once, and Brouillons no longer holds it', async () => {
    // A draft a mail client left in Brouillons (through IMAP, say), with a PDF.
    const owner = await demoDeviceToken(baseUrl, claire?.idNat ?? '', 'Client de messagerie');
    const accountId = await accountOf(owner);
    const upload = await fetch(`${baseUrl}/jmap/upload/${accountId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${owner.token}`, 'Content-Type': 'application/pdf' },
      body: PDF,
    });
    const { blobId } = (await upload.json()) as { blobId: string };
    const boxes = await jmap(owner, [['Mailbox/get', { accountId, properties: ['role'] }, 'm']]);
    const drafts = ((boxes.get('m')?.list ?? []) as { id: string; role: string | null }[]).find(
      (m) => m.role === 'drafts',
    )?.id as string;
    const subject = `Compte rendu à finir ${Date.now()}`;
    const created = await jmap(owner, [
      [
        'Email/set',
        {
          accountId,
          create: {
            d: {
              mailboxIds: { [drafts]: true },
              keywords: { $draft: true, $seen: true },
              from: [{ email: owner.address }],
              to: [{ email: 'karim.benali@medecin.pli.mssante.fr' }],
              subject,
              bodyValues: { t: { value: 'Cher confrère, voici le compte rendu.' } },
              textBody: [{ partId: 't', type: 'text/plain' }],
              attachments: [{ blobId, type: 'application/pdf', name: 'compte-rendu.pdf' }],
            },
          },
        },
        'c',
      ],
    ]);
    expect(created.get('c')?.notCreated).toBeFalsy();
    expect(await foldersOf(owner, subject)).toEqual([['drafts']]);

    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const folders = page.getByRole('navigation', { name: 'Dossiers' });
    await folders.getByRole('button', { name: /^Brouillons/ }).click();
    const item = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: subject });
    await item.waitFor();
    // Once the sync stops moving the rows, open this draft (and no other) in the reader.
    await waitForSync(page);
    await item.click();
    await page.getByRole('article').getByRole('heading', { name: subject }).waitFor();
    await page.getByRole('button', { name: 'Reprendre le brouillon' }).click();
    const form = page.getByRole('region', { name: 'Nouveau message' });
    await form.waitFor();
    expect(await form.getByLabel('À', { exact: true }).inputValue()).toBe(
      'karim.benali@medecin.pli.mssante.fr',
    );
    expect(await form.getByLabel('Objet').inputValue()).toBe(subject);
    expect(await form.getByLabel('Message').inputValue()).toContain('voici le compte rendu');
    await form
      .getByRole('list', { name: 'Pièces jointes du brouillon' })
      .getByText('compte-rendu.pdf')
      .waitFor();

    // Still resumable after a reload (the window is kept), then sent.
    await page.waitForTimeout(600);
    await page.reload();
    await form.getByLabel('Objet').waitFor();
    expect(await form.getByLabel('Objet').inputValue()).toBe(subject);
    await form
      .getByRole('list', { name: 'Pièces jointes du brouillon' })
      .getByText('compte-rendu.pdf')
      .waitFor();
    await form.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();

    // One message, in Envoyés; the draft is gone from Brouillons.
    expect(await foldersOf(owner, subject)).toEqual([['sent']]);
    const recipient = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Vérification e2e');
    expect(await foldersOf(recipient, subject)).toEqual([['inbox']]);
  });
});

describe('signatures', () => {
  it('puts the default signature under a new message, switches to another, and sends it', async () => {
    const elodie = DEMO_IDENTITIES.find((p) => p.givenName === 'Élodie');
    const owner = await demoDeviceToken(baseUrl, elodie?.idNat ?? '', 'Signatures e2e');
    const reader = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Signatures e2e');
    const accountId = await accountOf(owner);
    const office = 'Élodie Rousseau\nInfirmière libérale — Villeurbanne';
    const clinic = 'Élodie Rousseau\nCentre de soins infirmiers, permanence du samedi';
    try {
      const page = await browser.context.newPage();
      await loginWithPsc(page, baseUrl, elodie?.idNat ?? '');
      await page.getByText('Paramètres du compte').click();
      const adding = page.getByRole('form', { name: 'Nouvelle signature' });
      for (const text of [office, clinic]) {
        await adding.getByLabel('Nouvelle signature').fill(text);
        await adding.getByRole('button', { name: 'Ajouter la signature' }).click();
        await page.getByRole('status').filter({ hasText: 'Signature ajoutée.' }).waitFor();
      }
      const list = page.getByRole('list', { name: 'Signatures' });
      await list.getByRole('listitem').nth(1).getByLabel('Par défaut').check();
      await page.getByRole('status').filter({ hasText: 'Signature par défaut choisie.' }).waitFor();

      // A new message starts with the default signature under an empty text.
      await page.getByRole('button', { name: 'Nouveau message' }).click();
      const form = page.getByRole('region', { name: 'Nouveau message' });
      const body = form.getByLabel('Message');
      await expect.poll(() => body.inputValue()).toBe(`\n\n-- \n${clinic}`);
      // Another one replaces it, under what was typed.
      await body.press('Control+Home');
      await body.pressSequentially('Patiente vue ce matin, pansement refait.');
      // Both start with her name: told apart by their second line.
      await form
        .getByLabel('Signature')
        .selectOption({ label: 'Élodie Rousseau — Infirmière libérale — Villeurbanne' });
      const sent = `Patiente vue ce matin, pansement refait.\n\n-- \n${office}`;
      await expect.poll(() => body.inputValue()).not.toContain('permanence du samedi');
      expect(await body.inputValue()).toBe(sent);
      const subject = `Signature ${Date.now()}`;
      await form.getByLabel('À', { exact: true }).fill('karim.benali@medecin.pli.mssante.fr');
      await form.getByLabel('Objet').fill(subject);
      await form.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();

      const karimAccount = await accountOf(reader);
      const got = await jmap(reader, [
        ['Email/query', { accountId: karimAccount, filter: { subject } }, 'q'],
        [
          'Email/get',
          {
            accountId: karimAccount,
            '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
            properties: ['bodyValues', 'textBody'],
            fetchTextBodyValues: true,
          },
          'g',
        ],
      ]);
      const [received] = (got.get('g')?.list ?? []) as {
        bodyValues: Record<string, { value: string }>;
      }[];
      expect(Object.values(received?.bodyValues ?? {})[0]?.value.replace(/\r\n/g, '\n')).toContain(
        sent,
      );
    } finally {
      // Élodie's BAL back to no signature, for the other tests.
      const using = [
        'urn:ietf:params:jmap:core',
        'urn:ietf:params:jmap:mail',
        'urn:ietf:params:jmap:submission',
      ];
      const found = await jmapById(
        baseUrl,
        owner.token,
        [['Identity/get', { accountId }, 'i']],
        using,
      );
      const identities = (found.get('i')?.list ?? []) as { id: string; mayDelete: boolean }[];
      await jmapById(
        baseUrl,
        owner.token,
        [
          [
            'Identity/set',
            {
              accountId,
              update: Object.fromEntries(
                identities.filter((i) => !i.mayDelete).map((i) => [i.id, { textSignature: '' }]),
              ),
              destroy: identities.filter((i) => i.mayDelete).map((i) => i.id),
            },
            's',
          ],
        ],
        using,
      );
    }
  });
});
