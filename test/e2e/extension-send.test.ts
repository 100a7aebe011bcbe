import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type LoadedExtension, loadExtension, pairExtension } from './lib/extension.ts';
import { jmapById, primaryAccount } from './lib/jmap.ts';
import { loginWithPsc } from './lib/login.ts';

/** The part of the extension API the evaluations below use (they run in its service worker). */
declare const chrome: {
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
};

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
const karim = DEMO_IDENTITIES.find((p) => p.givenName === 'Karim');
const KARIM = 'karim.benali@medecin.pli.mssante.fr';
const OUTSIDE = 'secretariat@exemple-hors-mssante.fr';
const PASSAGE = 'Glycémie à jeun 1,32 g/L, contrôle dans trois mois.';
const ADDED = 'Merci de votre avis sur ce bilan.';
/** A real PDF with bytes that any re-encoding would change (binary, CRLF, a NUL). */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\r\n%\xe2\xe3\xcf\xd3\r\n', 'latin1'),
  randomBytes(40_000),
  Buffer.from('\0\r\n%%EOF\r\n', 'latin1'),
]);

let extension: LoadedExtension;
let worker: Worker;
let site: Server;
let siteOrigin: string;

/**
 * A practice software on another origin: a session cookie set at login, a patient record
 * page with a passage and a link to a PDF only served with that cookie, and a script of
 * the page that watches everything it can see (its DOM, messages posted to it, its storage).
 */
function startPracticeSoftware(): Promise<void> {
  site = createServer((request, response) => {
    const signedIn = (request.headers.cookie ?? '').includes('lgc_session=ouvert');
    if (request.url === '/login') {
      response.writeHead(302, {
        'Set-Cookie': 'lgc_session=ouvert; HttpOnly; SameSite=Strict; Path=/',
        Location: '/dossier',
      });
      response.end();
    } else if (request.url === '/dossier' && signedIn) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Dossier de M. Durand — Logiciel médical</title></head><body>
<h1>Dossier patient</h1>
<p id="passage">${PASSAGE}</p>
<p><a id="bilan" href="/documents/bilan-sanguin.pdf">Bilan sanguin (PDF)</a></p>
<script>
  window.seen = [];
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) window.seen.push(n.outerHTML || n.textContent || '');
      if (r.attributeName) window.seen.push(r.attributeName + '=' + r.target.getAttribute(r.attributeName));
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.addEventListener('message', (e) => window.seen.push('message:' + JSON.stringify(e.data)));
</script></body></html>`);
    } else if (request.url === '/documents/bilan-sanguin.pdf') {
      if (!signedIn) {
        response.writeHead(403).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': PDF.length });
      response.end(PDF);
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    site.listen(0, '127.0.0.1', () => {
      siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

beforeAll(async () => {
  await startPracticeSoftware();
  extension = await loadExtension(baseUrl);
  worker = extension.worker;
});
afterAll(async () => {
  await extension?.browser.close();
  site?.close();
});

type Person = Awaited<ReturnType<typeof demoDeviceToken>>;

const jmap = (person: Person, calls: unknown[]) => jmapById(baseUrl, person.token, calls);
const accountOf = (person: Person) => primaryAccount(baseUrl, person.token);

/** The messages with this subject in a person's BAL: folders, body text, attachments' bytes. */
async function messagesWithSubject(person: Person, subject: string) {
  const accountId = await accountOf(person);
  const r = await jmap(person, [
    ['Mailbox/get', { accountId, properties: ['id', 'role'] }, 'm'],
    ['Email/query', { accountId, filter: { subject } }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['id', 'mailboxIds', 'attachments', 'bodyValues', 'textBody', 'from'],
        fetchTextBodyValues: true,
      },
      'g',
    ],
  ]);
  const roles = new Map(
    ((r.get('m')?.list ?? []) as { id: string; role: string | null }[]).map((m) => [m.id, m.role]),
  );
  const list = (r.get('g')?.list ?? []) as {
    mailboxIds: Record<string, true>;
    attachments: { blobId: string; name: string; type: string }[];
    bodyValues: Record<string, { value: string }>;
    from: { email: string }[];
  }[];
  return Promise.all(
    list.map(async (email) => ({
      roles: Object.keys(email.mailboxIds).map((id) => roles.get(id) ?? null),
      from: email.from[0]?.email,
      text: Object.values(email.bodyValues)
        .map((b) => b.value)
        .join('\n'),
      attachments: await Promise.all(
        email.attachments.map(async (a) => {
          const download = await fetch(
            `${baseUrl}/jmap/download/${accountId}/${a.blobId}/${encodeURIComponent(a.name)}?accept=${encodeURIComponent(a.type)}`,
            { headers: { Authorization: `Bearer ${person.token}` } },
          );
          return { name: a.name, type: a.type, bytes: Buffer.from(await download.arrayBuffer()) };
        }),
      ),
    })),
  );
}

/** Clicks the extension's button beside a link (its inside is a closed shadow root). */
async function clickSendButton(page: Page, linkId: string): Promise<void> {
  const host = page.locator(`#${linkId} + span`);
  await host.waitFor();
  const box = await host.boundingBox();
  if (!box) throw new Error('no button');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('"Envoyer via MSSanté" from a practice software page in Chromium', () => {
  it('sends the selected passage and the linked PDF (fetched with the page’s cookie) to a colleague’s BAL, byte-identical, once; refuses an outside recipient with its reason and leaves no draft; the host page learns nothing of the recipient, the text or the token', {
    timeout: 180_000,
  }, async () => {
    const pwa = await extension.browser.context.newPage();
    await loginWithPsc(pwa, baseUrl, claire?.idNat ?? '');
    const popup = await pairExtension(extension);
    const token = (await worker.evaluate(
      async () => (await chrome.storage.local.get('deviceToken')).deviceToken,
    )) as string;
    expect(token).toMatch(/^pli_dev_/);

    // The practice software is enabled from the popup: its button appears beside documents.
    await popup.getByLabel('Adresse du site').fill(siteOrigin);
    await popup.getByRole('button', { name: 'Activer sur ce site' }).click();
    await popup.getByText(siteOrigin, { exact: true }).waitFor();

    const lgc = await extension.browser.context.newPage();
    await lgc.goto(`${siteOrigin}/login`);
    await lgc.getByRole('heading', { name: 'Dossier patient' }).waitFor();
    await lgc.locator('#passage').click({ clickCount: 3 });
    expect(await lgc.evaluate(() => window.getSelection()?.toString().trim())).toBe(PASSAGE);

    const opened = extension.browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/compose.html'),
    });
    await clickSendButton(lgc, 'bilan');
    const compose = await opened;
    await compose.getByRole('heading', { name: 'Envoyer via MSSanté' }).waitFor();
    expect(await compose.textContent('body')).toContain("En cas d'urgence, composez le 15");
    await compose.getByText('bilan-sanguin.pdf').waitFor();
    expect(await compose.getByRole('textbox', { name: 'Message' }).inputValue()).toContain(PASSAGE);
    expect(await compose.textContent('body')).toContain(`${siteOrigin}/dossier`);
    expect(await compose.getByTitle('Aperçu de bilan-sanguin.pdf').count()).toBe(1);

    // The directory offers the colleague by name.
    await compose.getByRole('textbox', { name: 'À' }).fill('Benali');
    await compose.getByRole('button', { name: new RegExp(KARIM.replace('.', '\\.')) }).click();
    const subject = `Bilan de M. Durand ${Date.now()}`;
    await compose.getByRole('textbox', { name: 'Objet' }).fill(subject);
    const body = compose.getByRole('textbox', { name: 'Message' });
    await body.fill(`${ADDED}\n\n${await body.inputValue()}`);

    // Outside the trust space: refused with its reason, nothing sent, no draft left.
    await compose.getByRole('textbox', { name: 'Cc' }).fill(OUTSIDE);
    await compose.getByRole('button', { name: 'Envoyer' }).scrollIntoViewIfNeeded();
    await compose.getByRole('button', { name: 'Envoyer' }).click();
    await compose.getByRole('alert').filter({ hasText: 'hors de l’espace de confiance' }).waitFor();
    expect(await compose.getByRole('alert').textContent()).toContain(OUTSIDE);
    const sender = await demoDeviceToken(baseUrl, claire?.idNat ?? '', 'Vérification e2e');
    expect(await messagesWithSubject(sender, subject)).toEqual([]);

    await compose.getByRole('textbox', { name: 'Cc' }).fill('');
    await compose.getByRole('button', { name: 'Envoyer' }).click();
    await compose.getByText('Message envoyé.').waitFor({ timeout: 20_000 });

    const recipient = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Vérification e2e');
    const received = await messagesWithSubject(recipient, subject);
    expect(received).toHaveLength(1);
    expect(received[0]?.roles).toEqual(['inbox']);
    expect(received[0]?.text).toContain(ADDED);
    expect(received[0]?.text).toContain(PASSAGE);
    expect(received[0]?.text).toContain(`${siteOrigin}/dossier`);
    expect(received[0]?.attachments).toHaveLength(1);
    expect(received[0]?.attachments[0]?.name).toBe('bilan-sanguin.pdf');
    expect(received[0]?.attachments[0]?.type).toBe('application/pdf');
    expect(received[0]?.attachments[0]?.bytes.equals(PDF)).toBe(true);
    // One copy in Sent, none in Drafts.
    const own = await messagesWithSubject(sender, subject);
    expect(own.map((m) => m.roles)).toEqual([['sent']]);

    // A background that stopped after Pli sent, before it recorded it, tries again: the
    // draft is found by its key and Pli's one-submission rule answers; nothing more goes.
    const retried = await compose.evaluate(async () => {
      const id = decodeURIComponent(location.hash.slice(1));
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('pli-extension');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const item = await new Promise<Record<string, unknown>>((resolve) => {
        const get = db.transaction('outgoing').objectStore('outgoing').get(id);
        get.onsuccess = () => resolve(get.result);
      });
      await new Promise<void>((resolve) => {
        const tx = db.transaction('outgoing', 'readwrite');
        tx.objectStore('outgoing').put({ ...item, state: 'queued' });
        tx.oncomplete = () => resolve();
      });
      db.close();
      const runtime = (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<{ state: string }> } };
        }
      ).chrome.runtime;
      return runtime.sendMessage({ type: 'compose-send', id, message: item.message });
    });
    expect(retried.state).toBe('sent');
    expect(await messagesWithSubject(recipient, subject)).toHaveLength(1);
    expect((await messagesWithSubject(sender, subject)).map((m) => m.roles)).toEqual([['sent']]);

    // The host page saw the button, nothing of the message or the token.
    const seen = await lgc.evaluate(() =>
      JSON.stringify({
        seen: (window as unknown as { seen: string[] }).seen,
        html: document.documentElement.outerHTML,
        local: { ...localStorage },
        session: { ...sessionStorage },
        cookie: document.cookie,
        title: document.title,
      }),
    );
    for (const secret of [KARIM, 'Benali', ADDED, subject, token, 'Message envoyé']) {
      expect(seen).not.toContain(secret);
    }
  });

  it('keeps a message sent while Pli is unreachable in the extension, says so, and sends it once when Pli answers again', {
    timeout: 120_000,
  }, async () => {
    // Paired and the site enabled by the test above.
    const lgc = await extension.browser.context.newPage();
    await lgc.goto(`${siteOrigin}/dossier`);
    await lgc.getByRole('heading', { name: 'Dossier patient' }).waitFor();
    const opened = extension.browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/compose.html'),
    });
    await clickSendButton(lgc, 'bilan');
    const compose = await opened;
    await compose.getByText('bilan-sanguin.pdf').waitFor();

    // Pli unreachable: nothing listens where the extension now looks for it.
    await worker.evaluate(
      (url) => chrome.storage.local.set({ serverUrl: url }),
      'http://127.0.0.1:9',
    );
    const subject = `Hors connexion ${Date.now()}`;
    await compose.getByRole('textbox', { name: 'À' }).fill(KARIM);
    await compose.getByRole('textbox', { name: 'Objet' }).fill(subject);
    await compose.getByRole('button', { name: 'Envoyer' }).scrollIntoViewIfNeeded();
    await compose.getByRole('button', { name: 'Envoyer' }).click();
    await compose.getByText('partira une seule fois dès le retour de la connexion').waitFor();
    await compose.close();

    // Pli answers again: the next run of the outbox (its alarm, or the popup opened) sends it.
    await worker.evaluate((url) => chrome.storage.local.set({ serverUrl: url }), baseUrl);
    const popup = await extension.openPopup();
    await popup.getByText(/^Connecté/).waitFor();
    const recipient = await demoDeviceToken(baseUrl, karim?.idNat ?? '', 'Vérification e2e');
    const end = Date.now() + 45_000;
    let received = await messagesWithSubject(recipient, subject);
    while (received.length === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 500));
      received = await messagesWithSubject(recipient, subject);
    }
    expect(received).toHaveLength(1);
    expect(received[0]?.attachments[0]?.bytes.equals(PDF)).toBe(true);
    // Later runs (the popup opened again) send nothing more.
    await (await extension.openPopup()).getByText(/^Connecté/).waitFor();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await messagesWithSubject(recipient, subject)).toHaveLength(1);
  });
});
