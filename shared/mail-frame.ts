/**
 * The mail frame: the page a message's HTML is shown in (served by the Worker at
 * `/mail-frame`, loaded by the webmail in a sandboxed iframe), and how inline styles travel
 * to it. The app's CSP forbids inline styles: were the app to parse a `style` attribute or
 * element, even in DOMPurify's inert document, the browser would report a violation for
 * every message opened. So the sanitizer sees them under these names, and the frame (whose
 * own CSP allows inline styles) turns them back into `style`.
 */
export const FRAME_STYLE_ATTRIBUTE = 'data-pli-style';
export const FRAME_STYLE_ELEMENT = 'pli-style';

/**
 * The frame's only script: take the (already DOMPurify-sanitized) HTML from the parent
 * window, show it with its inline styles given back, and report the height so that the
 * parent sizes the frame.
 */
export const FRAME_SCRIPT =
  "addEventListener('message',function(e){if(e.source!==parent||typeof e.data!=='string')return;" +
  'document.body.innerHTML=e.data;' +
  `document.querySelectorAll('[${FRAME_STYLE_ATTRIBUTE}]').forEach(function(n){` +
  `n.setAttribute('style',n.getAttribute('${FRAME_STYLE_ATTRIBUTE}'));n.removeAttribute('${FRAME_STYLE_ATTRIBUTE}');});` +
  `document.querySelectorAll('${FRAME_STYLE_ELEMENT}').forEach(function(n){` +
  "var s=document.createElement('style');s.textContent=n.textContent;n.replaceWith(s);});});" +
  "new ResizeObserver(function(){parent.postMessage({pliFrameHeight:document.documentElement.scrollHeight},'*');}).observe(document.documentElement);";

const FRAME_STYLE =
  'body{font-family:system-ui,sans-serif;margin:12px;color:#1c1c1c;overflow-wrap:anywhere}' +
  'pre.plain{white-space:pre-wrap;font-family:inherit;margin:0}img{max-width:100%;height:auto}';

export const FRAME_HTML = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>${FRAME_STYLE}</style><script>${FRAME_SCRIPT}</script></head><body></body></html>`;

/**
 * The frame's CSP: only its own script (by its SHA-256, base64), inline styles for the
 * mail's layout, images from data: URLs, and remote (`https:` only) images, styles and
 * fonts in the `remote` variant that the user asked for.
 */
export function mailFrameCsp(scriptHash: string, remote: boolean): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    `style-src 'unsafe-inline'${remote ? ' https:' : ''}`,
    `img-src data:${remote ? ' https:' : ''}`,
    `font-src data:${remote ? ' https:' : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/**
 * A short fingerprint of the frame page, put in the frame's URL by the webmail: the page is
 * cached for an hour, and a new webmail must never talk to an older frame script.
 */
export const FRAME_VERSION = (() => {
  let hash = 0;
  for (let i = 0; i < FRAME_HTML.length; i += 1) hash = (hash * 31 + FRAME_HTML.charCodeAt(i)) | 0;
  return (hash >>> 0).toString(36);
})();
