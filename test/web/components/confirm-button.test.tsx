import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmButton } from '../../../web/src/components/confirm-button.tsx';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const button = (name: string) =>
  [...(host?.querySelectorAll('button') ?? [])].find((b) => b.textContent === name);

async function mount(onConfirm: () => void) {
  host = document.createElement('div');
  document.body.append(host);
  render(
    <ConfirmButton
      label="Révoquer"
      question="Révoquer « Poste du cabinet » ?"
      confirmLabel="Révoquer l’appareil"
      onConfirm={onConfirm}
    />,
    host,
  );
  await settle();
}

describe('ConfirmButton', () => {
  it('forbids acting on the first press: it only asks, and focuses the explicit confirmation', async () => {
    const onConfirm = vi.fn();
    await mount(onConfirm);
    button('Révoquer')?.click();
    await settle();
    expect(onConfirm).not.toHaveBeenCalled();
    expect(host?.textContent).toContain('Révoquer « Poste du cabinet » ?');
    expect(document.activeElement).toBe(button('Révoquer l’appareil'));
  });

  it('acts once on the confirmation, then shows the plain button again', async () => {
    const onConfirm = vi.fn();
    await mount(onConfirm);
    button('Révoquer')?.click();
    await settle();
    button('Révoquer l’appareil')?.click();
    await settle();
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(button('Révoquer l’appareil')).toBeUndefined();
    expect(button('Révoquer')).toBeDefined();
  });

  it('steps back without acting on « Annuler » or Escape, focus returning to the button', async () => {
    const onConfirm = vi.fn();
    await mount(onConfirm);
    button('Révoquer')?.click();
    await settle();
    button('Annuler')?.click();
    await settle();
    expect(document.activeElement).toBe(button('Révoquer'));
    button('Révoquer')?.click();
    await settle();
    button('Révoquer l’appareil')?.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
    await settle();
    expect(button('Révoquer l’appareil')).toBeUndefined();
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
