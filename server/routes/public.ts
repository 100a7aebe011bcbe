import { Hono } from 'hono';
import { type CguHistory, SUPPORT_TOPICS, SupportRequestSchema } from '../../shared/public.ts';
import { assertNotLocked, clientIp, countEvent, type Limit } from '../auth/rate-limit.ts';
import { readBody } from '../auth/read-body.ts';
import { config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { sendExternalEmail } from '../outside/send.ts';

/** Support requests per client IP: 5 an hour, then an hour's wait. */
export const SUPPORT_LIMIT: Limit = { max: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

/** The operator's support address, on its first domain. */
export function supportAddress(env: AppEnv['Bindings']): string {
  return `support@${config(env).firstOperatorDomain}`;
}

/**
 * What anyone may reach signed out: the CGU (every version, the one in force first) and
 * the support form. Mounted after the CSRF check: a form posted from another site is
 * refused.
 */
export const publicRoutes = new Hono<AppEnv>()
  .get('/cgu', async (c) => {
    const { results } = await c.env.DB.prepare(
      'SELECT version, title, body, published_at FROM cgu_versions ORDER BY published_at DESC',
    ).all<{ version: string; title: string; body: string; published_at: number }>();
    return c.json({
      versions: results.map((r) => ({
        version: r.version,
        title: r.title,
        body: r.body,
        publishedAt: new Date(r.published_at).toISOString(),
      })),
    } satisfies CguHistory);
  })
  .post('/support', async (c) => {
    const key = `support:${clientIp(c.req)}`;
    await assertNotLocked(c.env.DB, key);
    const request = await readBody(c, SupportRequestSchema);
    await countEvent(c.env.DB, key, SUPPORT_LIMIT);
    const topic = SUPPORT_TOPICS[request.topic];
    const text = [
      `De : ${request.name} <${request.email}>`,
      `Sujet : ${topic}`,
      '',
      request.message,
    ].join('\n');
    await sendExternalEmail(c.env, {
      to: supportAddress(c.env),
      subject: `[Support] ${request.subject}`,
      text,
    });
    await sendExternalEmail(c.env, {
      to: request.email,
      subject: `Votre demande au support Pli : ${request.subject}`,
      text: `Bonjour,\n\nNous avons bien reçu votre demande ; le support vous répondra à cette adresse.\nEn cas d'urgence, composez le 15.\n\nCopie de votre demande :\n\n${text}`,
    });
    return c.body(null, 204);
  });
