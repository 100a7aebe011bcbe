import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';

/** Where the webmail shows a message's HTML. */
export const MAIL_FRAME_PATH = '/mail-frame';

// The frame's only script: take the (already DOMPurify-sanitized) HTML from the parent
// window, show it, and report the height so that the parent sizes the frame.
const FRAME_SCRIPT =
  "addEventListener('message',function(e){if(e.source!==parent||typeof e.data!=='string')return;" +
  'document.body.innerHTML=e.data;});' +
  "new ResizeObserver(function(){parent.postMessage({pliFrameHeight:document.documentElement.scrollHeight},'*');}).observe(document.documentElement);";

const FRAME_STYLE =
  'body{font-family:system-ui,sans-serif;margin:12px;color:#1c1c1c;overflow-wrap:anywhere}' +
  'pre.plain{white-space:pre-wrap;font-family:inherit;margin:0}img{max-width:100%;height:auto}';

const FRAME_HTML = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>${FRAME_STYLE}</style><script>${FRAME_SCRIPT}</script></head><body></body></html>`;

let scriptHash: Promise<string> | undefined;

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/**
 * The frame a message's HTML is shown in. The webmail loads it in an iframe sandboxed
 * without `allow-same-origin` (an opaque origin: no cookie, no access to Pli), and this
 * response has its own CSP: only its own script by hash, inline styles for the mail's
 * layout, images from data: URLs, and remote images only in the `?remote=1` variant that
 * the user asked for. Three walls: DOMPurify, this CSP, the sandbox.
 */
export const mailFrameRoutes = new Hono<AppEnv>().get('/', async (c) => {
  scriptHash ??= sha256Base64(FRAME_SCRIPT);
  const remote = c.req.query('remote') === '1';
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${await scriptHash}'`,
    `style-src 'unsafe-inline'${remote ? ' https:' : ''}`,
    `img-src data:${remote ? ' https:' : ''}`,
    `font-src data:${remote ? ' https:' : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
  return c.body(FRAME_HTML, 200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'SAMEORIGIN',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=3600',
  });
});
