import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { errorResponse } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Answers 404 unless the request's host is the loopback interface (development tools). */
export const loopbackOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!LOOPBACK.has(new URL(c.req.url).hostname)) {
    return errorResponse(c, 'not_found', 'No such resource.');
  }
  await next();
});
