import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { cguOutcome, publishedCgu } from '../../../../web/src/models/operator.ts';
import { CguSection } from '../../../../web/src/views/operator/cgu-section.tsx';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  cguOutcome.value = null;
  publishedCgu.value = null;
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function fill(id: string, value: string) {
  const field = host?.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`);
  if (!field) throw new Error(`no field ${id}`);
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('the CGU publication form', () => {
  it('asks for a confirmation before publishing, and cancelling publishes nothing', async () => {
    host = document.createElement('div');
    document.body.append(host);
    render(<CguSection />, host);
    fill('cgu-version', '2026-12');
    fill('cgu-title', 'Conditions générales');
    fill('cgu-body', 'Texte');
    await settle();
    host.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    await settle();
    const dialog = host.querySelector('[role=alertdialog]');
    expect(dialog?.textContent).toContain('Publier la version 2026-12 ?');
    expect(dialog?.textContent).toContain('devra l’accepter');

    const cancel = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Annuler');
    cancel?.click();
    await settle();
    expect(host.querySelector('[role=alertdialog]')).toBeNull();
    expect(cguOutcome.value).toBeNull();
    expect(publishedCgu.value).toBeNull();
  });
});
