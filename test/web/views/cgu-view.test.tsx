import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../../shared/identity.ts';
import { cgu } from '../../../web/src/models/account-notices.ts';
import { forgetLocalData, loadSession } from '../../../web/src/models/session.ts';
import { CguGate } from '../../../web/src/views/cgu-view.tsx';
import { fakeApi } from '../fake-api.ts';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  cgu.value = null;
  vi.restoreAllMocks();
});

function mount() {
  host = document.createElement('div');
  document.body.append(host);
  render(
    <CguGate>
      <p>Boîte de réception</p>
    </CguGate>,
    host,
  );
  return host;
}

const current = {
  version: '2027-01',
  title: 'Conditions générales 2027',
  body: 'Nouvelles conditions.',
  publishedAt: '2027-01-01T00:00:00.000Z',
};

describe('the CGU gate', () => {
  it('shows the new CGU and the acceptance button instead of the mailbox', () => {
    cgu.value = { current, accepted: false, mustAccept: true };
    const view = mount();
    expect(view.textContent).toContain('Conditions générales 2027');
    expect(view.textContent).toContain('Nouvelles conditions.');
    expect(view.textContent).not.toContain('Boîte de réception');
    expect([...view.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'J’accepte les conditions générales d’utilisation',
    ]);
  });

  it('shows the mailbox once the CGU in force are accepted', () => {
    cgu.value = { current, accepted: true, mustAccept: false };
    expect(mount().textContent).toContain('Boîte de réception');
  });
});

describe('the CGU gate after sign-in', () => {
  it('takes the CGU status from /api/me and asks /api/cgu nothing more (no request waterfall)', async () => {
    await forgetLocalData();
    const person: Me = {
      idNat: '810100010015',
      givenName: 'Claire',
      familyName: 'Martin',
      professionCode: '10',
      kind: 'practitioner',
      via: 'session',
      loginMethod: 'psc',
      bals: [],
      needsOnboarding: false,
      hasPassword: false,
      hasTotp: false,
      cgu: { current, accepted: false, mustAccept: true },
    };
    const fetch = fakeApi({ 'GET /api/me': { body: person } });
    await loadSession();
    const view = mount();
    expect(view.textContent).toContain('Conditions générales 2027');
    expect(fetch).toHaveBeenCalledTimes(1);
    await forgetLocalData();
  });
});
