import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { type BrowserSession, goOffline, openBrowser } from './lib/browser.ts';
import { loginWithPsc } from './lib/login.ts';

const baseUrl = inject('baseUrl');
const claire = DEMO_IDENTITIES.find((p) => p.givenName === 'Claire');
let browser: BrowserSession;

beforeAll(async () => {
  browser = await openBrowser();
});
afterEach(async () => {
  // A test that fails while offline must not leave the next one without a network.
  await browser?.context.setOffline(false);
});
afterAll(async () => {
  await browser?.close();
});

describe('the webmail', () => {
  it('lists the inbox, opens a message in the sandboxed frame, and works offline', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByRole('button').first().waitFor();
    expect(await list.getByRole('button').count()).toBeGreaterThan(50);

    // Open the first message: its body is shown inside the sandboxed mail frame.
    const first = list.getByRole('button').first();
    const subject =
      (await first.locator('.subject').textContent())?.replace(/^Non lu : /, '') ?? '';
    await first.click();
    const reader = page.getByRole('article');
    await reader.getByRole('heading', { level: 2 }).waitFor();
    expect(await reader.getByRole('heading', { level: 2 }).textContent()).toBe(
      subject.replace(/ 📎$/, '').replace(/^⚑ /, ''),
    );
    const frame = page.frameLocator('iframe.mail-frame');
    await frame.locator('body *').first().waitFor();
    const sandbox = await page.locator('iframe.mail-frame').getAttribute('sandbox');
    expect(sandbox).not.toContain('allow-same-origin');

    // Offline: a reload shows the cached list, and an action taken offline is kept.
    await goOffline(browser, page);
    await page.reload();
    await list.getByRole('button').first().waitFor();
    expect(await list.getByRole('button').count()).toBeGreaterThan(50);
    await list.getByRole('button').first().click();
    await reader.getByRole('button', { name: 'Suivre' }).click();
    await reader.getByRole('button', { name: 'Ne plus suivre' }).waitFor();

    // Back online: the queued action reaches the server.
    await browser.context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const flagged = await page.evaluate(async () => {
      for (let i = 0; i < 40; i++) {
        const me = await (await fetch('/api/me')).json();
        const accountId = me.bals[0].id;
        const csrf = document.cookie.match(/pli_csrf=([^;]+)/)?.[1] ?? '';
        const response = await fetch('/jmap/api', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
          body: JSON.stringify({
            using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
            methodCalls: [['Email/query', { accountId, filter: { hasKeyword: '$flagged' } }, 'q']],
          }),
        });
        const ids = (await response.json()).methodResponses[0][1].ids as string[];
        if (ids.length > 0) return ids.length;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      return 0;
    });
    expect(flagged).toBeGreaterThan(0);
  });

  it('asks before sending a read receipt, sends it once when the user agrees', async () => {
    const page = await browser.context.newPage();
    await loginWithPsc(page, baseUrl, claire?.idNat ?? '');
    // A demo hospital letter that asks for a read receipt, found through the API.
    const subject = await page.evaluate(async () => {
      const me = await (await fetch('/api/me')).json();
      const csrf = document.cookie.match(/pli_csrf=([^;]+)/)?.[1] ?? '';
      const response = await fetch('/jmap/api', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({
          using: [
            'urn:ietf:params:jmap:core',
            'urn:ietf:params:jmap:mail',
            'urn:pli:params:jmap:mssante',
          ],
          methodCalls: [
            ['Email/query', { accountId: me.bals[0].id, limit: 200 }, 'q'],
            [
              'Email/get',
              {
                accountId: me.bals[0].id,
                '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
                properties: ['subject', 'mssReadReceipt', 'keywords'],
              },
              'g',
            ],
          ],
        }),
      });
      const list = (await response.json()).methodResponses[1][1].list as {
        subject: string;
        mssReadReceipt: boolean;
        keywords: Record<string, boolean>;
      }[];
      return list.find((e) => e.mssReadReceipt && !e.keywords.$mdnsent)?.subject ?? null;
    });
    expect(subject).not.toBeNull();
    const before = (await (await fetch(`${baseUrl}/dev/outbox?limit=1`)).json()).items[0]?.id ?? 0;
    const list = page.getByRole('list', { name: 'Messages' });
    await list
      .getByRole('button', { name: subject ?? '' })
      .first()
      .click();
    const reader = page.getByRole('article');
    await reader.getByText('L’expéditeur demande un accusé de lecture.').waitFor();
    await reader.getByRole('button', { name: 'Envoyer l’accusé de lecture' }).click();
    await reader.getByText('Accusé de lecture envoyé.').waitFor();
    // The receipt leaves through the outbound path (the dev sink records it).
    let receipt: { subject: string | null } | undefined;
    for (let i = 0; i < 60 && !receipt; i++) {
      const { items } = (await (await fetch(`${baseUrl}/dev/outbox`)).json()) as {
        items: { id: number; kind: string; subject: string | null }[];
      };
      receipt = items.find(
        (item) =>
          item.id > before &&
          item.kind === 'operator-mail' &&
          /Accusé de lecture/.test(item.subject ?? ''),
      );
      if (!receipt) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(receipt).toBeDefined();
    // Never asked twice.
    await expect
      .poll(() => reader.getByText('L’expéditeur demande un accusé de lecture.').count())
      .toBe(0);
  });
});
