import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../web/src/app.tsx';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
});

function mount() {
  host = document.createElement('div');
  document.body.append(host);
  render(<App />, host);
  return host;
}

/** Waits until an element appears (the session is read from the API first). */
async function find<T extends Element>(root: HTMLElement, selector: string): Promise<T> {
  await expect.poll(() => root.querySelector(selector), { timeout: 5000 }).not.toBeNull();
  return root.querySelector(selector) as T;
}

describe('the application frame', () => {
  it('offers Pro Santé Connect and the address + password login, in French, when signed out', async () => {
    const root = mount();
    const psc = await find<HTMLAnchorElement>(root, 'a[href="/auth/psc/login"]');
    expect(psc.textContent).toBe('Se connecter avec Pro Santé Connect');
    expect(root.querySelector('input[type="email"]')).not.toBeNull();
    expect(root.querySelector('input[type="password"]')).not.toBeNull();
  });

  it('always shows the emergency notice', () => {
    const root = mount();
    expect(root.textContent).toContain("En cas d'urgence, composez le 15");
  });
});
