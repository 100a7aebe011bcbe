import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicPath } from '../../../web/src/lib/public-paths.ts';
import { resetModels } from '../../../web/src/models/model.ts';
import { PublicPage } from '../../../web/src/views/public/public-pages.tsx';
import { fakeApi } from '../fake-api.ts';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  vi.restoreAllMocks();
  resetModels();
});

function mount(path: Parameters<typeof PublicPage>[0]['path']) {
  host = document.createElement('div');
  document.body.append(host);
  render(<PublicPage path={path} />, host);
  return host;
}

const fill = (view: HTMLElement, name: string, value: string) => {
  const field = view.querySelector(`[name="${name}"]`) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(
    new Event(field.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }),
  );
};

describe('public pages', () => {
  it('recognises the public paths, a trailing slash allowed, and nothing else', () => {
    expect(publicPath('/cgu')).toBe('/cgu');
    expect(publicPath('/support/')).toBe('/support');
    expect(publicPath('/')).toBeNull();
    expect(publicPath('/cgu/ancienne')).toBeNull();
  });

  it('shows the CGU in force and the previous versions folded', async () => {
    fakeApi({
      'GET /api/public/cgu': {
        body: {
          versions: [
            {
              version: '2026-11',
              title: 'CGU',
              body: 'Texte en vigueur.',
              publishedAt: '2026-11-01T00:00:00.000Z',
            },
            {
              version: '2026-01',
              title: 'CGU',
              body: 'Ancien texte.',
              publishedAt: '2026-01-01T00:00:00.000Z',
            },
          ],
        },
      },
    });
    const view = mount('/cgu');
    await expect.poll(() => view.textContent).toContain('Texte en vigueur.');
    expect(view.querySelector('h1')?.textContent).toBe('Conditions générales d’utilisation');
    expect(view.textContent).toContain('version 2026-11 en vigueur depuis le 1 novembre 2026');
    const previous = view.querySelector('details');
    expect(previous?.querySelector('summary')?.textContent).toBe(
      'Version 2026-01 du 1 janvier 2026',
    );
    expect(previous?.open).toBe(false);
  });

  it('sends the support form and says a copy went to the sender', async () => {
    const sent: unknown[] = [];
    const spy = fakeApi({ 'POST /api/public/support': { status: 204 } });
    spy.mockImplementation(async (_input, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return new Response(null, { status: 204 });
    });
    const view = mount('/support');
    fill(view, 'name', 'Dr Claire Martin');
    fill(view, 'email', 'claire.martin@example.fr');
    fill(view, 'topic', 'connexion');
    fill(view, 'subject', 'Code non reçu');
    fill(view, 'message', 'Je ne reçois pas le code.');
    await new Promise((resolve) => setTimeout(resolve, 0));
    (view.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await expect
      .poll(() => view.textContent)
      .toContain('Une copie vous a été adressée à claire.martin@example.fr.');
    expect(sent).toEqual([
      {
        name: 'Dr Claire Martin',
        email: 'claire.martin@example.fr',
        topic: 'connexion',
        subject: 'Code non reçu',
        message: 'Je ne reçois pas le code.',
      },
    ]);
  });

  it('says so when too many support requests were sent', async () => {
    fakeApi({
      'POST /api/public/support': {
        status: 429,
        body: { error: { code: 'rate_limited', message: 'x', requestId: 'r' } },
      },
    });
    const view = mount('/support');
    for (const [name, value] of [
      ['name', 'Dr Martin'],
      ['email', 'claire.martin@example.fr'],
      ['subject', 'Objet'],
      ['message', 'Texte'],
    ] as const) {
      fill(view, name, value);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    (view.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await expect
      .poll(() => view.querySelector('[role="alert"]')?.textContent)
      .toBe('Trop de demandes envoyées depuis cette connexion : réessayez dans une heure.');
  });
});
