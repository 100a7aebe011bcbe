import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingLogin } from '../../../web/src/models/session.ts';
import { LoginView } from '../../../web/src/views/login-view.tsx';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  pendingLogin.value = null;
});

describe('the one-time code step', () => {
  it('offers each channel of the account with its masked target, then a 6-digit code field', () => {
    pendingLogin.value = {
      otpChannels: ['email', 'sms'],
      targets: { email: 'c•••@example.org', sms: '••••••••01' },
    };
    host = document.createElement('div');
    document.body.append(host);
    render(<LoginView />, host);
    const buttons = [...host.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toContain('Recevoir le code par courriel');
    expect(buttons).toContain('Recevoir le code par SMS');
    expect(host.textContent).toContain('c•••@example.org');
    const code = host.querySelector<HTMLInputElement>('input[name="code"]');
    expect(code?.maxLength).toBe(6);
    expect(code?.autocomplete).toBe('one-time-code');
  });

  it('says so when the account has no way to receive a code', () => {
    pendingLogin.value = { otpChannels: [], targets: {} };
    host = document.createElement('div');
    document.body.append(host);
    render(<LoginView />, host);
    expect(host.querySelector('[role="alert"]')?.textContent).toContain('Aucun moyen');
  });
});
