import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

/** Responses of the API may hold personal data: never cached by a browser or a proxy. */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header('Cache-Control', 'private, no-store');
});
