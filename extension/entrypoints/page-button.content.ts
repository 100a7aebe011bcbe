import { browser, defineContentScript } from '#imports';
import type { PageSendRequest } from '../utils/messages.ts';

/**
 * On the practice software sites the person enabled (registered at runtime by
 * `utils/sites.ts`, never declared for every site): a discreet "Envoyer via MSSanté"
 * button beside each link to a document. A click hands the background the link's address
 * and the passage selected on the page; nothing comes back, and nothing of the message
 * (recipients, text, token) ever enters this page: the compose window is an extension page.
 */

/** Links that look like documents: by extension, by declared type, or `download`. */
const DOCUMENT =
  /\.(pdf|jpe?g|png|gif|webp|tiff?|docx?|odt|xlsx?|ods|rtf|txt|hprim|hpm|zip)(?:$|[?#])/i;
const MARK = 'data-pli-send';

function isDocumentLink(link: HTMLAnchorElement): boolean {
  if (!/^https?:$/.test(link.protocol)) return false;
  return (
    link.hasAttribute('download') ||
    /^(application|image)\//.test(link.type) ||
    DOCUMENT.test(link.pathname + link.search)
  );
}

function addButton(link: HTMLAnchorElement): void {
  if (link.hasAttribute(MARK)) return;
  link.setAttribute(MARK, '');
  const host = document.createElement('span');
  // A closed shadow root: the page's styles and scripts do not reach the button's inside.
  const root = host.attachShadow({ mode: 'closed' });
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Envoyer via MSSanté';
  button.title = 'Envoyer ce document par messagerie sécurisée de santé (Pli)';
  button.setAttribute(
    'style',
    'margin-left:.4em;padding:0 .4em;font:inherit;font-size:.85em;border:1px solid #1f4e8c;' +
      'border-radius:3px;background:#fff;color:#1f4e8c;cursor:pointer',
  );
  let selection = '';
  // Read before the click moves the focus, and keep the selection where it is.
  button.addEventListener('pointerdown', (event) => {
    selection = window.getSelection()?.toString() ?? '';
    event.preventDefault();
  });
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    const request: PageSendRequest = {
      type: 'page-send',
      documentUrl: link.href,
      selection: selection || (window.getSelection()?.toString() ?? ''),
    };
    void browser.runtime.sendMessage(request);
  });
  root.append(button);
  link.after(host);
}

function scan(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>(`a[href]:not([${MARK}])`)) {
    if (isDocumentLink(link)) addButton(link);
  }
}

export default defineContentScript({
  registration: 'runtime',
  main() {
    scan();
    // Practice software renders lists late: new links get their button too.
    let pending = false;
    new MutationObserver(() => {
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        scan();
      }, 200);
    }).observe(document.documentElement, { childList: true, subtree: true });
  },
});
