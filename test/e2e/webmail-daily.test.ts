import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { noisyPng } from '../../bench/corpus.ts';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { seededRandom } from '../../server/dev/demo-mail/content.ts';
import { type BrowserSession, openBrowser, waitForSync } from './lib/browser.ts';
import { sendAs } from './lib/jmap.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
const karim = DEMO_IDENTITIES.find((p) => p.givenName === 'Karim');
const CLAIRE = 'claire.martin@medecin.pli.mssante.fr';
const KARIM = 'karim.benali@medecin.pli.mssante.fr';
const ELODIE = 'elodie.rousseau@infirmier.pli.mssante.fr';
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** One JMAP request from the signed-in page (its cookie and CSRF token). */
function jmapFromPage(page: Page, methodCalls: unknown[]) {
  return page.evaluate(async (calls) => {
    const me = await (await fetch('/api/me')).json();
    const csrf = document.cookie.match(/pli_csrf=([^;]+)/)?.[1] ?? '';
    const body = JSON.stringify({
      using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
      methodCalls: JSON.parse(JSON.stringify(calls).replaceAll('$ACCOUNT', me.bals[0].id)),
    });
    const response = await fetch('/jmap/api', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body,
    });
    return {
      accountId: me.bals[0].id as string,
      responses: (await response.json()).methodResponses as [string, Record<string, unknown>][],
    };
  }, methodCalls);
}

/** The bytes behind a same-origin URL, fetched by the page. */
async function bytesAt(page: Page, url: string): Promise<Buffer> {
  const bytes = await page.evaluate(async (href) => {
    const response = await fetch(href);
    return [...new Uint8Array(await response.arrayBuffer())];
  }, url);
  return Buffer.from(bytes);
}

/** An accessible name that starts with a text (taken literally). */
const startingWith = (text: string) =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

const words = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('daily webmail: reply-all and forward', () => {
  it('previews a message’s PDF in the app, forwards it to Dr Benali, who receives the PDF byte-identical and the original quoted, then replies to all', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');

    // A demo hospital letter (HTML) with its PDF, found through the API.
    const { responses } = await jmapFromPage(page, [
      [
        'Email/query',
        {
          accountId: '$ACCOUNT',
          filter: { hasAttachment: true, subject: 'hospitalisation' },
          sort: [{ property: 'receivedAt', isAscending: false }],
          limit: 20,
        },
        'q',
      ],
      [
        'Email/get',
        {
          accountId: '$ACCOUNT',
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject'],
        },
        'g',
      ],
    ]);
    const candidates = responses[1]?.[1].list as { subject: string }[];
    const subject = candidates.find((e) => e.subject.startsWith('Compte rendu'))?.subject ?? '';
    expect(subject).not.toBe('');

    const list = page.getByRole('list', { name: 'Messages' });
    await list
      .getByRole('button', { name: subject })
      .filter({ has: page.getByRole('img', { name: 'Pièce jointe' }) })
      .first()
      .click();
    const reader = page.getByRole('article');
    const link = reader.getByRole('list', { name: 'Pièces jointes' }).getByRole('link');
    const pdfName = (await link.textContent()) ?? '';
    expect(pdfName).toMatch(/\.pdf$/);
    const pdfBytes = await bytesAt(page, (await link.getAttribute('href')) ?? '');
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Previewed in the app: the browser's PDF viewer on the same bytes, download beside.
    await reader.getByRole('button', { name: `Aperçu de ${pdfName}` }).click();
    const previewPanel = reader.getByRole('region', { name: `Aperçu de ${pdfName}` });
    const viewer = previewPanel.locator('iframe');
    await viewer.waitFor();
    const previewUrl = (await viewer.getAttribute('src')) ?? '';
    expect(previewUrl).toMatch(/^blob:/);
    // The viewer loaded it (Chrome's PDF viewer holds the blob: it cannot be read back).
    await expect
      .poll(() => page.frames().some((f) => f.url() === previewUrl), { timeout: 10_000 })
      .toBe(true);
    // Saved from the same bytes, under the attachment's real name.
    const save = previewPanel.getByRole('link', { name: 'Télécharger' });
    expect(await save.getAttribute('href')).toBe(previewUrl);
    expect(await save.getAttribute('download')).toBe(pdfName);
    await previewPanel.getByRole('button', { name: 'Fermer l’aperçu' }).click();
    expect(await previewPanel.count()).toBe(0);
    const originalFrame = page.frameLocator('iframe.mail-frame');
    await originalFrame.locator('body *').first().waitFor();
    const originalText = words(await originalFrame.locator('body').textContent());
    expect(originalText).toContain('Chère consœur');
    await reader.getByRole('button', { name: 'Transférer' }).click();

    const form = page.getByRole('region', { name: 'Transfert' });
    const kept = form.getByRole('list', { name: 'Pièces jointes transférées' });
    expect(words(await kept.textContent())).toContain(pdfName);
    expect(await form.getByLabel('Objet').inputValue()).toBe(`Tr: ${subject}`);
    await form.getByLabel('À', { exact: true }).fill(KARIM);
    await form.getByLabel('Cc', { exact: true }).fill(ELODIE);
    const note = `Pour avis, merci ${Date.now()}`;
    await form.getByLabel('Message', { exact: true }).fill(note);
    await form.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();

    // Dr Benali receives it: the PDF byte for byte, the original quoted under the note.
    await loginWithPsc(page, baseUrl, karim?.idNat ?? '');
    const item = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: `Tr: ${subject}` });
    await item.first().waitFor();
    await item.first().click();
    const attachment = page.getByRole('list', { name: 'Pièces jointes' }).getByRole('link');
    expect(await attachment.textContent()).toBe(pdfName);
    const received = await bytesAt(page, (await attachment.getAttribute('href')) ?? '');
    expect(received.equals(pdfBytes)).toBe(true);
    const frame = page.frameLocator('iframe.mail-frame');
    await frame.locator('blockquote').waitFor();
    const shown = words(await frame.locator('body').textContent());
    expect(shown).toContain(note);
    expect(shown).toContain('Message transféré');
    expect(words(await frame.locator('blockquote').textContent())).toContain(
      originalText.slice(0, 60),
    );

    // Reply to all: to Dr Martin, Mme Rousseau in copy, Dr Benali himself left out.
    await page.getByRole('article').getByRole('button', { name: 'Répondre à tous' }).click();
    const replyForm = page.getByRole('region', { name: 'Réponse' });
    expect(await replyForm.getByLabel('À', { exact: true }).inputValue()).toBe(CLAIRE);
    expect(await replyForm.getByLabel('Cc', { exact: true }).inputValue()).toBe(ELODIE);
    expect(await replyForm.getByLabel('Objet').inputValue()).toBe(`Re: Tr: ${subject}`);
    await replyForm.getByLabel('Message', { exact: true }).fill('Bien reçu, je la vois demain.');
    await replyForm.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Message envoyé.' }).waitFor();

    // Dr Martin gets the reply in the same conversation as her forward.
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const replyItem = page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: `Re: Tr: ${subject}` });
    await replyItem.first().waitFor();
    const threads = await jmapFromPage(page, [
      [
        'Email/query',
        {
          accountId: '$ACCOUNT',
          sort: [{ property: 'receivedAt', isAscending: false }],
          limit: 20,
        },
        'q',
      ],
      [
        'Email/get',
        {
          accountId: '$ACCOUNT',
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['threadId', 'subject', 'inReplyTo'],
        },
        'g',
      ],
    ]);
    const mine = threads.responses[1]?.[1].list as {
      threadId: string;
      subject: string;
      inReplyTo: string[] | null;
    }[];
    const forwarded = mine.find((e) => e.subject === `Tr: ${subject}`);
    const replied = mine.find((e) => e.subject === `Re: Tr: ${subject}`);
    expect(replied?.inReplyTo?.length).toBe(1);
    expect(replied?.threadId).toBe(forwarded?.threadId);
  }, 180_000);

  it('shows how full the BAL is under the folders, and refuses a reply-all to a recipient outside the trust space before anything is sent', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const folders = page.getByRole('navigation', { name: 'Dossiers' });
    await folders.getByText(/ utilisés sur 2 Go \(\d+ %\)$/).waitFor();
    expect(await folders.getByRole('meter', { name: 'Espace de stockage utilisé' }).count()).toBe(
      1,
    );
    // A demo message by its subject, not the newest one: other files deliver to Dr Martin
    // while this runs, so the first row moves.
    const { responses } = await jmapFromPage(page, [
      [
        'Email/query',
        { accountId: '$ACCOUNT', filter: { subject: 'hospitalisation' }, limit: 1 },
        'q',
      ],
      [
        'Email/get',
        {
          accountId: '$ACCOUNT',
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject'],
        },
        'g',
      ],
    ]);
    const found = responses[1]?.[1].list as { subject: string }[] | undefined;
    const subject = found?.[0]?.subject ?? '';
    expect(subject).not.toBe('');
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: subject })
      .first()
      .click();
    await page.getByRole('article').getByRole('heading', { name: subject }).waitFor();
    await page.getByRole('article').getByRole('button', { name: 'Répondre à tous' }).click();
    const form = page.getByRole('region', { name: 'Réponse' });
    await form.getByLabel('Cc', { exact: true }).fill('docteur.x@gmail.com');
    await form.getByRole('button', { name: 'Envoyer' }).click();
    const refusal = await form.getByRole('alert').textContent();
    expect(refusal).toContain('docteur.x@gmail.com');
    expect(refusal).toContain('Rien n’a été envoyé');
    // The refused reply is kept until the writer gives it up (it would reopen next time).
    await form.getByRole('button', { name: 'Annuler' }).click();
    await form.waitFor({ state: 'detached' });
  });
});

describe('daily webmail: search', () => {
  it('finds a message by a word deep in its body, typed in the search box, the word highlighted, and opens it', async () => {
    const sender = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Recherche e2e');
    // A word of letters only, found nowhere else, far past the preview's first lines.
    const word = `xanthelasma${Date.now()
      .toString(36)
      .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)] ?? 'q')}`;
    const subject = `Avis dermatologique ${Date.now()}`;
    const opening = 'Chère consœur, je vous remercie de m’avoir adressé votre patiente. '.repeat(6);
    await sendAs(
      baseUrl,
      sender,
      CLAIRE,
      subject,
      `${opening}\nLésion évoquant un ${word} palpébral.`,
    );

    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: new RegExp(subject) })
      .waitFor();
    await page.getByRole('searchbox').first().fill(word);
    const results = page.getByRole('list', { name: 'Résultats de la recherche' });
    const hit = results.getByRole('button', { name: new RegExp(subject) });
    await hit.waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    expect((await results.locator('mark').allTextContents()).map((t) => t.toLowerCase())).toContain(
      word,
    );
    await hit.click();
    await page.getByRole('article').getByRole('heading', { name: subject }).waitFor();
  });
});

describe('daily webmail: image attachments', () => {
  it('previews an image attachment in the app at its own size, the attachment byte-identical, its download beside', async () => {
    const sender = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Aperçu e2e');
    const subject = `Photo de plaie ${Date.now()}`;
    const image = noisyPng(seededRandom(7), 64, 48) as Uint8Array<ArrayBuffer>;
    await sendAs(baseUrl, sender, CLAIRE, subject, 'Voici la photo de la plaie.', [
      { name: 'plaie-talon.png', type: 'image/png', bytes: image },
    ]);
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page
      .getByRole('list', { name: 'Messages' })
      .getByRole('button', { name: subject })
      .click();
    const reader = page.getByRole('article');
    await reader.getByRole('button', { name: 'Aperçu de plaie-talon.png' }).click();
    const panel = reader.getByRole('region', { name: 'Aperçu de plaie-talon.png' });
    const shown = panel.getByRole('img');
    await shown.waitFor();
    // Decoded by the browser from a blob: URL Pli made, at the image's own size.
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]))
      .toEqual([64, 48]);
    expect(await shown.getAttribute('src')).toMatch(/^blob:/);
    // The attachment itself is byte-identical to what was sent.
    const link = reader.getByRole('list', { name: 'Pièces jointes' }).getByRole('link');
    expect(new Uint8Array(await bytesAt(page, (await link.getAttribute('href')) ?? ''))).toEqual(
      image,
    );
    const save = panel.getByRole('link', { name: 'Télécharger' });
    expect(await save.getAttribute('download')).toBe('plaie-talon.png');
  });
});

describe('daily webmail: keyboard and printing', () => {
  it('moves through the list with j and k, answers with r, writes with c, lists the shortcuts with ?, and prints only the message', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByRole('button').nth(1).waitFor();
    await waitForSync(page);
    const heading = page.getByRole('article').getByRole('heading').first();
    const titles = await list.getByRole('listitem').allTextContents();
    expect(titles.length).toBeGreaterThan(1);

    await page.keyboard.press('j');
    await heading.waitFor();
    const first = await heading.textContent();
    await page.keyboard.press('j');
    await expect.poll(() => heading.textContent()).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(() => heading.textContent()).toBe(first);

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Raccourcis clavier' });
    expect(await help.getByRole('definition').allTextContents()).toContain('Répondre à tous');
    await page.keyboard.press('Escape');
    expect(await help.count()).toBe(0);

    // Printed: the message, without the list, the folders or the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('article').isVisible()).toBe(true);
    expect(await list.isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Dossiers' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.keyboard.press('r');
    const answer = page.getByRole('region', { name: 'Réponse' });
    await answer.waitFor();
    // Typing in the composer is text, not shortcuts.
    await answer.getByLabel('Message').press('j');
    expect(await answer.count()).toBe(1);
    await answer.getByRole('button', { name: 'Annuler' }).click();
    await page.keyboard.press('c');
    await page.getByRole('region', { name: 'Nouveau message' }).waitFor();
  });
});

describe('daily webmail: conversations', () => {
  it('lists a conversation as one row, shows its messages of every folder in order, the others folded and opened in place', async () => {
    const fromKarim = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Conversation e2e');
    const fromClaire = await demoDeviceToken(baseUrl, claire?.idNat ?? '', 'Conversation e2e');
    const subject = `Avis sur Mme Petit ${Date.now()}`;
    // receivedAt counts whole seconds (RFC 8620 UTCDate): one message per second, as
    // people write them, so that "newest" is well defined.
    const nextSecond = () => new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 20));
    await sendAs(baseUrl, fromKarim, CLAIRE, subject, 'Pouvez-vous la revoir en consultation ?');
    await nextSecond();
    await sendAs(baseUrl, fromClaire, KARIM, `Re: ${subject}`, 'Oui, la semaine prochaine.');
    await nextSecond();
    await sendAs(baseUrl, fromKarim, CLAIRE, `Re: ${subject}`, 'Merci, je la préviens.');

    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByRole('button', { name: new RegExp(`Re: ${subject}`) }).waitFor();
    await page.getByLabel('Regrouper par conversation').check();
    // One row: the newest message, with the conversation's count in this folder.
    const rows = list.getByRole('listitem').filter({ hasText: subject });
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.textContent()).toContain('2 messages dans la conversation');
    await rows.getByRole('button', { name: new RegExp(subject) }).click();

    const conversation = page.getByRole('article').getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('heading', { name: 'Conversation : 3 messages' }).waitFor();
    const items = conversation.getByRole('listitem');
    expect(await items.nth(2).getAttribute('aria-current')).toBe('true');
    // The first one, folded, opened in place; then opened as the message shown.
    await items.nth(0).locator('summary').click();
    await items.nth(0).getByText('Pouvez-vous la revoir en consultation ?').waitFor();
    await items.nth(0).getByRole('button', { name: 'Ouvrir ce message' }).click();
    await page.getByRole('article').getByRole('heading', { name: subject, exact: true }).waitFor();
    await page.getByLabel('Regrouper par conversation').uncheck();
  });
});

describe('daily webmail: triage and folders', () => {
  it('moves a message to a new folder (menu, undo, then drag and drop), renames the folder and deletes it, its message going to the Corbeille', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const folders = page.getByRole('navigation', { name: 'Dossiers' });
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByRole('button').first().waitFor();
    // One row per message (the choice is remembered on the device).
    await page.getByLabel('Regrouper par conversation').setChecked(false);

    // A new folder, shown and selected at once.
    const name = `Cardiologie ${Date.now()}`;
    await folders.getByRole('button', { name: 'Nouveau dossier' }).click();
    await folders.getByLabel('Nom du dossier').fill(name);
    await folders.getByRole('button', { name: 'Créer le dossier' }).click();
    // By its start: the name gains the unread count once the moved message is counted.
    const folder = folders.getByRole('button', { name: startingWith(name) });
    await folder.waitFor();
    await expect.poll(() => folder.getAttribute('aria-current')).toBe('page');
    await page.getByText('Aucun message dans ce dossier.').waitFor();

    // Tick the newest inbox message and move it with "Déplacer vers"; undo; drag it there.
    await folders.getByRole('button', { name: 'Boîte de réception' }).click();
    const tick = list.getByRole('checkbox').first();
    const label = (await tick.getAttribute('aria-label')) ?? '';
    const subject = label.replace(/^Sélectionner : /, '');
    await tick.check();
    const tools = page.getByRole('toolbar', { name: 'Actions sur la sélection' });
    await tools.getByRole('button', { name: 'Déplacer vers' }).click();
    await page.getByRole('menu', { name: 'Déplacer vers' }).getByRole('menuitem', { name }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `1 message déplacé vers « ${name} ».` })
      .waitFor();
    await expect.poll(() => list.getByRole('checkbox', { name: label }).count()).toBe(0);
    await page.getByRole('status').getByRole('button', { name: 'Annuler' }).click();
    await list.getByRole('checkbox', { name: label }).waitFor();
    // Rows move while a sync writes the cache: drag once the list stands still, as a
    // person aiming at a row would.
    await waitForSync(page);
    await list
      .getByRole('listitem')
      .filter({ has: page.getByRole('checkbox', { name: label }) })
      .first()
      .dragTo(folder);
    await page
      .getByRole('status')
      .filter({ hasText: `1 message déplacé vers « ${name} ».` })
      .waitFor();

    // In the folder, on the server too.
    await folder.click();
    await list.getByRole('checkbox', { name: label }).waitFor();
    const inFolder = async (folderName: string) => {
      const { responses } = await jmapFromPage(page, [
        ['Mailbox/get', { accountId: '$ACCOUNT' }, 'm'],
      ]);
      const list = (responses[0]?.[1].list ?? []) as { name: string; totalEmails: number }[];
      const box = list.find((m) => m.name === folderName);
      return box?.totalEmails ?? -1;
    };
    await expect.poll(() => inFolder(name), { timeout: 10_000 }).toBe(1);

    // Renamed.
    const renamed = `${name} (suivi)`;
    await folders.getByRole('button', { name: `Renommer le dossier « ${name} »` }).click();
    await folders.getByLabel('Nom du dossier').fill(renamed);
    await folders.getByRole('button', { name: 'Renommer', exact: true }).click();
    await folders.getByRole('button', { name: startingWith(renamed) }).waitFor();
    expect(await inFolder(renamed)).toBe(1);

    // Deleted after a confirmation; its message is in the Corbeille, not destroyed.
    await folders.getByRole('button', { name: `Supprimer le dossier « ${renamed} »` }).click();
    await folders.getByRole('button', { name: 'Confirmer la suppression' }).click();
    await folders
      .getByRole('status')
      .filter({ hasText: `Dossier « ${renamed} » supprimé ; ses messages sont dans la Corbeille.` })
      .waitFor();
    await expect.poll(() => folders.getByRole('button', { name: renamed }).count()).toBe(0);
    await folders.getByRole('button', { name: 'Corbeille' }).click();
    await list.getByRole('checkbox', { name: label }).waitFor();
    expect(subject.length).toBeGreaterThan(0);
  }, 180_000);
});

describe('public pages', () => {
  it('shows the CGU, the legal notice, the privacy policy and the support form signed out, linked from the login page; a support request reaches the support with a copy to the sender', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(`${baseUrl}/`);
    await page
      .getByRole('heading', { name: 'Connexion à votre messagerie sécurisée de santé' })
      .waitFor();
    const footer = page.getByRole('navigation', { name: 'Informations légales et support' });
    expect(await footer.getByRole('link').count()).toBe(4);

    await page
      .getByRole('main')
      .getByRole('link', { name: 'conditions générales d’utilisation' })
      .click();
    await page.waitForURL(`${baseUrl}/cgu`);
    await page
      .getByRole('heading', { level: 1, name: 'Conditions générales d’utilisation' })
      .waitFor();
    await page
      .getByRole('article')
      .getByRole('heading', { name: /en vigueur depuis le/ })
      .waitFor();

    for (const [path, title] of [
      ['/mentions-legales', 'Mentions légales'],
      ['/confidentialite', 'Politique de confidentialité'],
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(await page.getByRole('button', { name: 'Continuer' }).count()).toBe(0);
    }

    await page
      .getByRole('navigation', { name: 'Informations légales et support' })
      .getByRole('link', { name: 'Contacter le support' })
      .click();
    await page.waitForURL(`${baseUrl}/support`);
    const form = page.getByRole('form', { name: 'Demande au support' });
    const subject = `Connexion impossible ${Date.now()}`;
    await form.getByLabel('Votre nom').fill('Dr Claire Martin');
    await form.getByLabel('Votre adresse électronique').fill('claire.martin@example.fr');
    await form.getByLabel('Sujet').selectOption('connexion');
    await form.getByLabel('Objet').fill(subject);
    await form.getByLabel('Votre demande').fill('Je ne reçois pas le code à usage unique.');
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Une copie vous a été adressée à claire.martin@example.fr.' })
      .waitFor();
    const { items } = (await (await fetch(`${baseUrl}/dev/outbox?limit=20`)).json()) as {
      items: { to: string; subject: string | null }[];
    };
    expect(
      items.some((i) => i.to === 'support@pli.mssante.fr' && i.subject === `[Support] ${subject}`),
    ).toBe(true);
    expect(
      items.some((i) => i.to === 'claire.martin@example.fr' && i.subject?.includes(subject)),
    ).toBe(true);
  }, 120_000);
});

describe('desktop notifications while Pli is open', () => {
  it('announces new mail once turned on, never with its subject, the sender only if chosen, and opens the message on a click', async () => {
    await browser.context.grantPermissions(['notifications'], { origin: baseUrl });
    const page = await browser.context.newPage();
    // The real Notification API, each notification also kept for the test to read.
    await page.addInitScript(() => {
      const Real = window.Notification;
      const shown: { title: string; body: string; notice: Notification }[] = [];
      class Kept extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push({ title, body: options?.body ?? '', notice: this });
        }
      }
      Object.defineProperty(Kept, 'permission', { get: () => Real.permission });
      Object.assign(window, { Notification: Kept, shownNotices: shown });
    });
    const shownBodies = () =>
      page.evaluate(() =>
        (
          (window as unknown as { shownNotices: { body: string; title: string }[] }).shownNotices ??
          []
        ).map((n) => `${n.title} ${n.body}`),
      );
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    await page.getByRole('list', { name: 'Messages' }).getByRole('button').first().waitFor();
    await waitForSync(page);
    await page.getByText('Paramètres du compte').click();
    const turnOn = page.getByLabel('Afficher une notification à l’arrivée d’un message');
    await turnOn.check();
    const withSender = page.getByLabel('Indiquer l’expéditeur dans la notification');
    expect(await withSender.isChecked()).toBe(false);

    const sender = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Notifications e2e');
    const first = `Résultats de Mme Leroy ${Date.now()}`;
    await sendAs(baseUrl, sender, CLAIRE, first);
    await expect
      .poll(shownBodies, { timeout: 20_000 })
      .toContain('Pli Nouveau message dans votre boîte.');

    await withSender.check();
    const second = `Résultats de M. Garcia ${Date.now()}`;
    await sendAs(baseUrl, sender, CLAIRE, second);
    await expect
      .poll(async () => (await shownBodies()).some((b) => /Nouveau message de .*karim/i.test(b)), {
        timeout: 20_000,
      })
      .toBe(true);
    // Forbidden: the subject (patient names) in any notification.
    for (const body of await shownBodies()) {
      expect(body).not.toContain('Leroy');
      expect(body).not.toContain('Garcia');
    }

    // A click on the last one opens its message.
    await page.evaluate(() => {
      const kept = (window as unknown as { shownNotices: { notice: Notification }[] }).shownNotices;
      kept.at(-1)?.notice.onclick?.(new Event('click'));
    });
    await page.getByRole('article').getByRole('heading', { name: second }).waitFor();
    await turnOn.uncheck();
  }, 90_000);
});
