import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OnboardingStatus } from '../../../shared/onboarding.ts';
import { logout } from '../../../web/src/models/session.ts';
import { OnboardingView } from '../../../web/src/views/onboarding-view.tsx';
import { fakeApi } from '../fake-api.ts';

const status: OnboardingStatus = {
  allowed: true,
  refusal: null,
  cgu: { version: '2026-11', title: 'Conditions générales', body: 'Texte.' },
  proposedAddress: 'claire.martin@medecin.pli.mssante.fr',
  profession: 'Médecin',
  email: { address: null, verified: false },
};

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  vi.restoreAllMocks();
  localStorage.clear();
});

function mount() {
  host = document.createElement('div');
  document.body.append(host);
  render(<OnboardingView />, host);
  return host;
}

describe('the onboarding', () => {
  it('forbids the personal email and phone typed before logout from being shown after logout', async () => {
    fakeApi({
      'GET /api/onboarding': { body: status },
      'POST /auth/logout': { body: { redirectTo: '/' } },
    });
    let view = mount();
    const field = (name: string) => view.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    await expect.poll(() => field('personal-email')).not.toBeNull();
    const typed: [string, string][] = [
      ['personal-email', 'claire@example.org'],
      ['mobile', '0612345678'],
    ];
    for (const [name, value] of typed) {
      const input = field(name);
      if (!input) throw new Error(`no field ${name}`);
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await logout();
    render(null, view);
    view.remove();

    view = mount();
    await expect.poll(() => field('personal-email')).not.toBeNull();
    expect(field('personal-email')?.value).toBe('');
    expect(field('mobile')?.value).toBe('');
  });
});
