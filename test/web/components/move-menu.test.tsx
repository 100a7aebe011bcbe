import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MoveMenu } from '../../../web/src/components/move-menu.tsx';
import type { CachedMailbox } from '../../../web/src/db.ts';

const folders: CachedMailbox[] = [
  { id: 'archive', role: 'archive', name: 'Archive' },
  { id: 'f1', role: null, name: 'Cardiologie' },
  { id: 'trash', role: 'trash', name: 'Trash' },
].map((m) => ({
  ...m,
  accountId: 'bal-1',
  parentId: null,
  sortOrder: 0,
  totalEmails: 0,
  unreadEmails: 0,
}));

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
});

function mount(onMove: (id: string) => void) {
  host = document.createElement('div');
  document.body.append(host);
  render(<MoveMenu targets={folders} onMove={onMove} />, host);
  return host;
}

const key = (target: Element, name: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));

describe('the "Déplacer vers" menu', () => {
  it('is usable with the keyboard alone: open, move between folders, choose, close', async () => {
    const onMove = vi.fn();
    const view = mount(onMove);
    const button = view.querySelector('button[aria-haspopup="menu"]') as HTMLButtonElement;
    expect(button.textContent).toBe('Déplacer vers');
    expect(button.getAttribute('aria-expanded')).toBe('false');

    button.focus();
    key(button, 'ArrowDown');
    await expect.poll(() => document.activeElement?.textContent).toBe('Archives');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    key(document.activeElement as Element, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('Cardiologie');
    key(document.activeElement as Element, 'End');
    expect(document.activeElement?.textContent).toBe('Corbeille');
    key(document.activeElement as Element, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('Archives');
    key(document.activeElement as Element, 'Escape');
    await expect.poll(() => view.querySelector('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(onMove).not.toHaveBeenCalled();

    key(button, 'ArrowUp');
    await expect.poll(() => document.activeElement?.textContent).toBe('Corbeille');
    key(document.activeElement as Element, 'ArrowUp');
    (document.activeElement as HTMLButtonElement).click();
    expect(onMove).toHaveBeenCalledWith('f1');
    await expect.poll(() => view.querySelector('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
