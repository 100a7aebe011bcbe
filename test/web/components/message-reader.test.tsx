import { Hono } from 'hono';
import { render } from 'preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../server/middleware/security-headers.ts';
import { MessageReader } from '../../../web/src/components/message-reader.tsx';
import { type CachedBody, type CachedEmail, db } from '../../../web/src/db.ts';
import { accountId } from '../../../web/src/models/mailbox.ts';
import { close, open, remoteAllowed } from '../../../web/src/models/reader.ts';

const email: CachedEmail = {
  accountId: 'acc-1',
  id: 'm-1',
  threadId: 't-1',
  mailboxIds: { inbox: true },
  keywords: { $seen: true },
  from: [{ name: 'Dr Paul Vidal', email: 'paul.vidal@medecin.mssante.fr' }],
  to: [{ name: null, email: 'claire.martin@medecin.pli.mssante.fr' }],
  subject: 'Compte rendu',
  receivedAt: '2026-12-01T08:00:00.000Z',
  preview: 'Bonjour',
  hasAttachment: false,
  size: 1000,
};

const HTML =
  '<html><head><style>p{color:#333}</style></head><body onload="track()">' +
  '<p style="color:red" onclick="steal()">Bonjour</p>' +
  '<img src="https://tracker.test/pixel.gif" onerror="steal()">' +
  '<img src="http://tracker.test/insecure.gif">' +
  '<svg><filter id="f"><feImage href="https://tracker.test/f.png"/></filter></svg>' +
  '</body></html>';

const violations: string[] = [];

beforeAll(async () => {
  // The CSP the Worker serves the app with (frame-ancestors has no effect in a meta tag).
  const app = new Hono().use(securityHeaders()).get('/', (c) => c.text(''));
  const csp = (await app.request('/')).headers.get('Content-Security-Policy') ?? '';
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = csp
    .split(';')
    .filter((d) => !d.trim().startsWith('frame-ancestors'))
    .join(';');
  document.head.append(meta);
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
  });
});

let host: HTMLElement | undefined;
afterEach(async () => {
  if (host) render(null, host);
  host?.remove();
  close();
  accountId.value = null;
  await db.bodies.clear();
});

async function openMessage(sender: CachedBody['sender'] = null) {
  await db.bodies.put({
    accountId: 'acc-1',
    id: 'm-1',
    html: HTML,
    text: null,
    cc: null,
    sender,
    attachments: [],
  });
  accountId.value = 'acc-1';
  await open(email);
  host = document.createElement('div');
  document.body.append(host);
  render(<MessageReader />, host);
  return host;
}

describe('the message reader', () => {
  it('opening a message triggers no CSP violation', async () => {
    const view = await openMessage();
    await expect.poll(() => view.querySelector('iframe.mail-frame')).not.toBeNull();
    await expect.poll(() => view.textContent).toContain('Des contenus distants ont été bloqués');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(violations).toEqual([]);
  });

  it('says plainly that insecure http: content stays blocked once remote content is allowed', async () => {
    const view = await openMessage();
    await expect.poll(() => view.textContent).toContain('resteront bloqués');
    remoteAllowed.value = true;
    await expect
      .poll(() => view.textContent)
      .toContain('Les contenus non sécurisés (http) restent bloqués.');
    expect(view.textContent).not.toContain('Afficher les contenus distants');
  });

  it('says who wrote a message for the BAL’s holder (a delegate, in Sender), and nothing when the author sent it', async () => {
    const view = await openMessage([
      { name: 'Sophie Bernard', email: 'paul.vidal@medecin.mssante.fr' },
    ]);
    await expect
      .poll(() => view.textContent)
      .toContain('Envoyé par Sophie Bernard pour Dr Paul Vidal');
    render(null, view);
    close();
    const own = await openMessage([
      { name: 'Dr Paul Vidal', email: 'paul.vidal@medecin.mssante.fr' },
    ]);
    await expect.poll(() => own.textContent).toContain('Compte rendu');
    expect(own.textContent).not.toContain('Envoyé par');
  });
});
