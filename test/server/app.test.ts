import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ApiError } from '../../server/errors.ts';
import type { ErrorBody } from '../../shared/errors.ts';
import type { Health } from '../../shared/health.ts';

const worker = exports.default;

describe('GET /api/health', () => {
  it('answers 200 JSON with the database reachable', async () => {
    const response = await worker.fetch('http://pli.test/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as Health;
    expect(body).toMatchObject({ status: 'ok', service: 'pli', checks: { database: 'ok' } });
  });

  it('is never cached, since API responses may hold personal data', async () => {
    const response = await worker.fetch('http://pli.test/api/health');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('carries a request id', async () => {
    const response = await worker.fetch('http://pli.test/api/health');
    expect(response.headers.get('x-request-id')).toMatch(/.{8,}/);
  });
});

describe('security headers', () => {
  it('forbids framing, inline scripts and referrers on API responses and on the PWA', async () => {
    for (const path of ['/api/health', '/', '/une/route/de/la/pwa']) {
      const response = await worker.fetch(`http://pli.test${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('the PWA', () => {
  it('is served at / with the SPA fallback for client routes', async () => {
    for (const path of ['/', '/boite/inbox']) {
      const response = await worker.fetch(`http://pli.test${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="app">');
    }
  });

  it('never falls back to the PWA for an unknown API path', async () => {
    const response = await worker.fetch('http://pli.test/api/nope');
    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('not_found');
  });
});

describe('errors', () => {
  it('answers a known error with its code, a safe message and the request id', async () => {
    const app = createApp({ development: false });
    app.get('/api/boom', () => {
      throw new ApiError('forbidden', 'Not allowed.');
    });
    const response = await app.request('/api/boom', {}, env);
    expect(response.status).toBe(403);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'forbidden', message: 'Not allowed.' });
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('never echoes the text of an unexpected error to the client', async () => {
    const app = createApp({ development: false });
    app.get('/api/crash', () => {
      throw new Error('SELECT * FROM secrets WHERE patient = 1234567890123');
    });
    const response = await app.request('/api/crash', {}, env);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secrets');
    expect(text).not.toContain('1234567890123');
    expect((JSON.parse(text) as ErrorBody).error.code).toBe('internal');
  });
});

describe('development routes', () => {
  it('lists what would have been sent outside, newest first', async () => {
    await env.DB.prepare(
      "INSERT INTO dev_outbox (kind, recipient, subject, body, created_at) VALUES ('email', 'a@exemple.fr', 'Code', 'premier', 1), ('sms', '+33600000000', NULL, 'second', 2)",
    ).run();
    const response = await worker.fetch('http://127.0.0.1/dev/outbox');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { body: string; kind: string }[] };
    expect(body.items.map((item) => item.body)).toEqual(['second', 'premier']);
    expect(body.items[0]?.kind).toBe('sms');
  });

  it('refuse any host but loopback, even in development', async () => {
    const response = await worker.fetch('http://pli.example.fr/dev/outbox');
    expect(response.status).toBe(404);
    const accounts = await worker.fetch('http://pli.example.fr/dev/accounts');
    expect(accounts.status).toBe(404);
  });

  it('are not mounted outside development', async () => {
    const app = createApp({ development: false });
    const response = await app.request('/dev/outbox', {}, env);
    expect(response.status).toBe(404);
  });
});
