import DOMPurify from 'dompurify';

export interface SanitizedMail {
  html: string;
  /** How many remote resources (images, styles…) were removed. */
  blockedRemote: number;
}

const REMOTE = /^\s*(https?:)?\/\//i;
const URL_IN_CSS = /url\(\s*(['"]?)\s*(https?:)?\/\/[^)]*\1\s*\)/gi;
const HAS_URL_IN_CSS = /url\(\s*(['"]?)\s*(https?:)?\/\//i;

/**
 * Sanitizes the HTML of a received message with DOMPurify: no script, no form, no frame,
 * no event handler; links open in a new tab without referrer; remote resources removed
 * unless `allowRemote` (the user asked to show them); `cid:` images replaced by the inline
 * parts' data URLs.
 */
export function sanitizeMail(
  html: string,
  options: { allowRemote: boolean; inline: Record<string, string> },
): SanitizedMail {
  let blockedRemote = 0;
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node instanceof HTMLAnchorElement) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    for (const attribute of ['src', 'srcset', 'background', 'poster']) {
      const value = node.getAttribute(attribute);
      if (value === null) continue;
      const cid = value.match(/^cid:(.+)$/i)?.[1];
      if (cid) {
        const data = options.inline[cid.replace(/^<|>$/g, '')];
        if (data) node.setAttribute(attribute, data);
        else node.removeAttribute(attribute);
      } else if (REMOTE.test(value) && !options.allowRemote) {
        node.removeAttribute(attribute);
        blockedRemote += 1;
      }
    }
    const style = node.getAttribute('style');
    if (style && !options.allowRemote && HAS_URL_IN_CSS.test(style)) {
      node.setAttribute('style', style.replace(URL_IN_CSS, 'none'));
      blockedRemote += 1;
    }
  });
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && !options.allowRemote && node.textContent) {
      const css = node.textContent;
      const cleaned = css.replace(URL_IN_CSS, 'none').replace(/@import[^;]+;/gi, '');
      if (cleaned !== css) {
        node.textContent = cleaned;
        blockedRemote += 1;
      }
    }
  });
  const clean = purify.sanitize(html, {
    WHOLE_DOCUMENT: false,
    FORBID_TAGS: [
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'frame',
      'object',
      'embed',
      'base',
      'meta',
      'link',
    ],
    FORBID_ATTR: ['action', 'formaction'],
    ADD_TAGS: ['style'],
  });
  return { html: clean, blockedRemote };
}

/** Plain text as safe HTML: escaped, line breaks kept, addresses and links left as text. */
export function textToHtml(text: string): string {
  const escaped = text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
  return `<pre class="plain">${escaped}</pre>`;
}
