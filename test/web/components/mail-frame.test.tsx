import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FRAME_HTML,
  FRAME_SCRIPT,
  FRAME_VERSION,
  mailFrameCsp,
} from '../../../shared/mail-frame.ts';
import { MailFrame } from '../../../web/src/components/mail-frame.tsx';
import { sanitizeMail } from '../../../web/src/lib/sanitize-mail.ts';

let frame: HTMLIFrameElement | undefined;
afterEach(() => frame?.remove());

/**
 * The frame page as the Worker serves it (shared/mail-frame.ts), its CSP as a meta tag. Same-origin here only so
 * that the test can look inside; the app's frame is sandboxed without it.
 */
async function loadFrame(): Promise<HTMLIFrameElement> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(FRAME_SCRIPT));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  const csp = mailFrameCsp(hash, false)
    .split(';')
    .filter((d) => !d.trim().startsWith('frame-ancestors'))
    .join(';');
  const html = FRAME_HTML.replace(
    '<head>',
    `<head><meta http-equiv="Content-Security-Policy" content="${csp}">`,
  );
  frame = document.createElement('iframe');
  frame.sandbox.add('allow-scripts', 'allow-same-origin');
  frame.srcdoc = html;
  const loaded = new Promise((resolve) => frame?.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('the mail frame', () => {
  it('shows the message’s inline styles, with no CSP violation in the frame', async () => {
    const shown = await loadFrame();
    const inside = shown.contentDocument;
    if (!inside || !shown.contentWindow) throw new Error('no frame document');
    const violations: string[] = [];
    inside.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const { html } = sanitizeMail(
      '<style>.note{font-weight:700}</style><p class="note" style="color:rgb(200, 0, 0)">Bonjour</p>',
      { allowRemote: false, inline: {} },
    );
    shown.contentWindow.postMessage(html, '*');
    await expect.poll(() => inside.querySelector('p')).not.toBeNull();
    const paragraph = inside.querySelector('p') as HTMLElement;
    expect(paragraph.getAttribute('style')).toBe('color:rgb(200, 0, 0)');
    const computed = shown.contentWindow.getComputedStyle(paragraph);
    expect(computed.color).toBe('rgb(200, 0, 0)');
    expect(computed.fontWeight).toBe('700');
    expect(inside.querySelector('[data-pli-style], pli-style')).toBeNull();
    expect(violations).toEqual([]);
  });

  it('loads the frame page of its own version, never an older one cached for an hour', () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(<MailFrame html="<p>x</p>" allowRemote={false} />, host);
    const plain = host.querySelector('iframe')?.getAttribute('src');
    render(<MailFrame html="<p>x</p>" allowRemote />, host);
    const remote = host.querySelector('iframe')?.getAttribute('src');
    render(null, host);
    host.remove();
    expect(plain).toBe(`/mail-frame?v=${FRAME_VERSION}`);
    expect(remote).toBe(`/mail-frame?v=${FRAME_VERSION}&remote=1`);
  });
});
