import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { QuotaMeter } from '../../../web/src/components/quota-meter.tsx';
import { humanSize, quota } from '../../../web/src/models/quota.ts';

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  quota.value = null;
});

function mount(): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  render(<QuotaMeter />, root);
  return root;
}

const GB = 1024 ** 3;

describe('the quota meter', () => {
  it('shows the BAL’s storage used against its limit, in French units', async () => {
    quota.value = { used: 12.3 * 1024 ** 2, hardLimit: 2 * GB, warnLimit: 1.8 * GB };
    const shown = mount();
    await Promise.resolve();
    expect(shown.textContent).toContain('12,3 Mo utilisés sur 2 Go (1 %)');
    const meter = shown.querySelector('meter');
    expect(meter?.getAttribute('aria-label')).toBe('Espace de stockage utilisé');
    expect(Number(meter?.getAttribute('value'))).toBe(12.3 * 1024 ** 2);
    expect(shown.querySelector('[role="alert"]')).toBeNull();
  });

  it('warns once the BAL is past its warning limit', async () => {
    quota.value = { used: 1.9 * GB, hardLimit: 2 * GB, warnLimit: 1.8 * GB };
    const shown = mount();
    await Promise.resolve();
    expect(shown.querySelector('[role="alert"]')?.textContent).toContain('presque pleine');
  });

  it('shows nothing before the quota is known', () => {
    expect(mount().textContent).toBe('');
  });

  it('writes sizes the way French users read them', () => {
    expect(humanSize(512)).toBe('0,5 Ko');
    expect(humanSize(1.5 * GB)).toBe('1,5 Go');
  });
});
