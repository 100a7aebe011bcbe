import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PairingRequest } from '../../../shared/device-flow.ts';
import type { Me } from '../../../shared/identity.ts';
import { resetPairing } from '../../../web/src/models/pairing.ts';
import { closePairing, readPairingAddress } from '../../../web/src/models/pairing-route.ts';
import { me, status } from '../../../web/src/models/session.ts';
import { PairingView } from '../../../web/src/views/pairing-view.tsx';
import { SessionView } from '../../../web/src/views/session-view.tsx';
import { fakeApi } from '../fake-api.ts';

const START = `${location.pathname}${location.search}`;

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  vi.restoreAllMocks();
  resetPairing();
  closePairing();
  me.value = null;
  status.value = 'loading';
  history.replaceState(null, '', START);
});

const CHROME: PairingRequest = {
  client: 'extension',
  browser: 'Chrome',
  label: 'Extension Pli — Chrome',
  createdAt: '2026-12-02T14:05:00.000Z',
  expiresAt: '2026-12-02T14:15:00.000Z',
};

const person: Me = {
  idNat: '810100010015',
  givenName: 'Claire',
  familyName: 'Martin',
  professionCode: '10',
  kind: 'practitioner',
  via: 'session',
  loginMethod: 'password_otp',
  bals: [],
  needsOnboarding: false,
  hasPassword: true,
  hasTotp: false,
  cgu: { current: null, accepted: true, mustAccept: false },
};

function mount(view = <PairingView />) {
  host = document.createElement('div');
  document.body.append(host);
  render(view, host);
  return host;
}

const button = (view: HTMLElement, text: string) => {
  const found = [...view.querySelectorAll('button')].find((b) => b.textContent === text);
  if (!found) throw new Error(`no button ${text}`);
  return found;
};

/** The JSON bodies sent to a path. */
const sent = (spy: ReturnType<typeof fakeApi>, path: string) =>
  spy.mock.calls
    .filter(([input]) => String(input).endsWith(path))
    .map(([, init]) => JSON.parse(String(init?.body)));

describe('the device pairing screen', () => {
  it('shows which device asks for the code the extension opened the page with, and "Autoriser" approves it', async () => {
    const spy = fakeApi({
      'POST /api/pairing/lookup': { body: CHROME },
      'POST /api/pairing/approve': { body: CHROME },
    });
    history.replaceState(null, '', '/appairer#code=bcdf-ghjk');
    readPairingAddress();
    const view = mount();
    await expect.poll(() => view.textContent).toContain('Extension Pli — Chrome');
    expect(view.textContent).toContain('BCDF-GHJK');
    expect(sent(spy, '/api/pairing/lookup')).toEqual([{ userCode: 'BCDFGHJK' }]);
    button(view, 'Autoriser').click();
    await expect
      .poll(() => view.querySelector('[role="status"]')?.textContent)
      .toContain('est appairée');
    expect(sent(spy, '/api/pairing/approve')).toEqual([{ userCode: 'BCDFGHJK' }]);
  });

  it('takes the code out of the address bar as soon as it is read', () => {
    history.replaceState(null, '', '/appairer#code=BCDF-GHJK');
    readPairingAddress();
    expect(location.hash).toBe('');
    expect(location.pathname).toBe('/appairer');
  });

  it('"Refuser" refuses the device, and says it got no access', async () => {
    const spy = fakeApi({
      'POST /api/pairing/lookup': { body: CHROME },
      'POST /api/pairing/refuse': { body: CHROME },
    });
    history.replaceState(null, '', '/appairer#code=BCDF-GHJK');
    readPairingAddress();
    const view = mount();
    await expect.poll(() => view.textContent).toContain('Extension Pli — Chrome');
    button(view, 'Refuser').click();
    await expect.poll(() => view.textContent).toContain('Demande refusée');
    expect(sent(spy, '/api/pairing/refuse')).toEqual([{ userCode: 'BCDFGHJK' }]);
    expect(sent(spy, '/api/pairing/approve')).toEqual([]);
  });

  it('asks for the code when the page came without one, and explains an unknown or expired code', async () => {
    fakeApi({
      'POST /api/pairing/lookup': {
        status: 404,
        body: { error: { code: 'not_found', message: 'x', requestId: 'r' } },
      },
    });
    history.replaceState(null, '', '/appairer');
    readPairingAddress();
    const view = mount();
    const input = view.querySelector<HTMLInputElement>('input[name="user-code"]');
    if (!input) throw new Error('no code field');
    input.value = 'aeio-uaei';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    button(view, 'Continuer').click();
    await expect
      .poll(() => view.querySelector('[role="alert"]')?.textContent)
      .toContain('8 lettres');
    input.value = 'bbbb-bbbb';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    button(view, 'Continuer').click();
    await expect
      .poll(() => view.querySelector('[role="alert"]')?.textContent)
      .toContain('inconnu ou a expiré');
    expect(view.textContent).not.toContain('Autoriser');
  });

  it('is shown instead of the mailbox to a signed-in person at /appairer, loaded on demand', async () => {
    fakeApi({
      'GET /api/me': { body: person },
      'GET /api/cgu': { body: { mustAccept: false, current: null } },
      'GET /api/banner': { body: { banner: null } },
      'POST /api/pairing/lookup': { body: CHROME },
    });
    history.replaceState(null, '', '/appairer#code=BCDF-GHJK');
    const view = mount(<SessionView />);
    await expect
      .poll(() => view.querySelector('h1')?.textContent, { timeout: 5000 })
      .toBe('Appairer un appareil');
    await expect.poll(() => view.textContent).toContain('Extension Pli — Chrome');
    button(view, 'Retour à la messagerie').click();
    await expect.poll(() => view.querySelector('h1')?.textContent).toBe('Claire Martin');
    expect(location.pathname).toBe('/');
  });
});
