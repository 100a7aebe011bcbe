import { Hono } from 'hono';
import { CguAcceptSchema, type CguStatus } from '../../shared/account/cgu.ts';
import type { BannerResponse } from '../../shared/account/operator.ts';
import { BEFORE_CGU, requireAuth } from '../auth/authenticate.ts';
import { ownBalId } from '../auth/login.ts';
import { readBody } from '../auth/read-body.ts';
import { acceptCgu, cguStatus } from '../cgu/cgu.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { currentBanner } from '../operator/banners.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

/** The CGU in force and their acceptance by the signed-in person. */
export const cguRoutes = new Hono<AppEnv>()
  .use(requireAuth(BEFORE_CGU))
  .get('/', async (c) =>
    c.json((await cguStatus(c.env.DB, c.get('auth').idNat)) satisfies CguStatus),
  )
  .post('/accept', async (c) => {
    const auth = c.get('auth');
    const { version } = await readBody(c, CguAcceptSchema);
    if (!(await acceptCgu(c.env.DB, auth.idNat, version))) {
      throw new ApiError('conflict', 'This is not the version in force.');
    }
    await recordTrace(c.env.DB, {
      kind: 'cgu_accepted',
      actorIdNat: auth.idNat,
      balId: await ownBalId(c.env.DB, auth.idNat),
      channel: channelOf(auth),
      detail: version,
    });
    return c.body(null, 204);
  });

/** The maintenance banner in force, for everyone (the login page shows it too). */
export const bannerRoutes = new Hono<AppEnv>().get('/', async (c) =>
  c.json({ banner: await currentBanner(c.env.DB) } satisfies BannerResponse),
);
