import { Hono } from 'hono';
import { FRAME_HTML, FRAME_SCRIPT, mailFrameCsp } from '../../shared/mail-frame.ts';
import { base64 } from '../bytes.ts';
import type { AppEnv } from '../env.ts';

/** Where the webmail shows a message's HTML. */
export const MAIL_FRAME_PATH = '/mail-frame';

let scriptHash: Promise<string> | undefined;

async function sha256Base64(text: string): Promise<string> {
  return base64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
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
  const csp = mailFrameCsp(await scriptHash, remote);
  return c.body(FRAME_HTML, 200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'SAMEORIGIN',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=3600',
  });
});
