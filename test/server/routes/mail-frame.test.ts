import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const worker = exports.default;

describe('GET /mail-frame', () => {
  it('allows only its own script, by hash, and no remote content by default', async () => {
    const response = await worker.fetch('http://pli.test/mail-frame');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain('img-src data:;');
    expect(csp).not.toContain('https:');
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('hashes exactly the script it serves', async () => {
    const response = await worker.fetch('http://pli.test/mail-frame');
    const html = await response.text();
    const script = html.match(/<script>([\s\S]*?)<\/script>/)?.[1] ?? '';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(response.headers.get('content-security-policy')).toContain(`'sha256-${hash}'`);
  });

  it('lets remote images in only in the variant the user asked for', async () => {
    const response = await worker.fetch('http://pli.test/mail-frame?remote=1');
    expect(response.headers.get('content-security-policy')).toContain('img-src data: https:');
  });
});
