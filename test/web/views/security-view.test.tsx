import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../../shared/identity.ts';
import { logout, me } from '../../../web/src/models/session.ts';
import { SecurityView } from '../../../web/src/views/security-view.tsx';
import { fakeApi } from '../fake-api.ts';

const TOKEN = 'pli_dev_7f3c9a1e5b2d4f6a8c0e';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DP';

let host: HTMLElement | undefined;
afterEach(async () => {
  if (host) render(null, host);
  host?.remove();
  vi.restoreAllMocks();
  me.value = null;
  localStorage.clear();
});

const person = (idNat: string): Me => ({
  idNat,
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
});

function mount() {
  host = document.createElement('div');
  document.body.append(host);
  render(<SecurityView />, host);
  return host;
}

const button = (view: HTMLElement, text: string) => {
  const found = [...view.querySelectorAll('button')].find((b) => b.textContent === text);
  if (!found) throw new Error(`no button ${text}`);
  return found;
};

/** Logs out, then someone else opens the security section in the same tab. */
async function nextPersonInTheTab(view: HTMLElement) {
  await logout();
  await expect.poll(() => view.querySelector('details')).toBeNull();
  me.value = person('810100010056');
  await expect.poll(() => view.querySelector('details')).not.toBeNull();
}

describe('the security section', () => {
  it('forbids a device token created before logout from being visible after logout', async () => {
    fakeApi({
      'POST /api/devices': { body: { id: 'dev-1', token: TOKEN } },
      'GET /api/devices': {
        body: {
          devices: [{ id: 'dev-1', name: 'Logiciel', createdAt: '2026-12-01', lastUsedAt: null }],
        },
      },
      'POST /auth/logout': { body: { redirectTo: '/' } },
    });
    me.value = person('810100010015');
    const view = mount();
    const name = view.querySelector<HTMLInputElement>('input[name="device-name"]');
    if (!name) throw new Error('no device name field');
    name.value = 'Logiciel';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    button(view, 'Créer un jeton').click();
    await expect.poll(() => view.textContent).toContain(TOKEN);

    await nextPersonInTheTab(view);
    expect(view.textContent).not.toContain(TOKEN);
    expect(view.textContent).not.toContain('Logiciel');
  });

  it('shows that each device token reaches mail only', async () => {
    fakeApi({
      'GET /api/devices': {
        body: {
          devices: [{ id: 'dev-1', name: 'Logiciel', createdAt: '2026-12-01', lastUsedAt: null }],
        },
      },
    });
    me.value = person('810100010015');
    const view = mount();
    button(view, 'Afficher mes appareils').click();
    await expect.poll(() => view.querySelector('li')?.textContent).toContain('Logiciel');
    expect(view.querySelector('li')?.textContent).toContain('accès : messagerie uniquement');
  });

  it('forbids a TOTP secret being set up before logout from being visible after logout', async () => {
    fakeApi({
      'POST /api/credentials/totp': {
        body: { secret: SECRET, uri: `otpauth://totp/Pli:claire?secret=${SECRET}` },
      },
      'POST /auth/logout': { body: { redirectTo: '/' } },
    });
    me.value = person('810100010015');
    const view = mount();
    button(view, 'Activer une application d’authentification').click();
    await expect.poll(() => view.textContent).toContain(SECRET);

    await nextPersonInTheTab(view);
    expect(view.textContent).not.toContain(SECRET);
    expect(view.querySelector('input[name="totp-code"]')).toBeNull();
  });
});
