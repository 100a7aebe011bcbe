import { Hono } from 'hono';
import {
  type DeviceCreated,
  DeviceCreateRequestSchema,
  type DeviceList,
} from '../../shared/identity.ts';
import { requireAuth } from '../auth/authenticate.ts';
import { createDeviceToken, listDeviceTokens, revokeDeviceToken } from '../auth/device-tokens.ts';
import { ownBalId } from '../auth/login.ts';
import { readBody } from '../auth/read-body.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

/** A person's device tokens: created (shown once), listed with last use, revoked. */
export const deviceRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .post('/', async (c) => {
    const { name } = await readBody(c, DeviceCreateRequestSchema);
    const auth = c.get('auth');
    const created = await createDeviceToken(c.env.DB, auth.idNat, name);
    await recordTrace(c.env.DB, {
      kind: 'token_created',
      actorIdNat: auth.idNat,
      balId: await ownBalId(c.env.DB, auth.idNat),
      channel: channelOf(auth),
      detail: created.id,
    });
    return c.json(created satisfies DeviceCreated, 201);
  })
  .get('/', async (c) => {
    const devices = await listDeviceTokens(c.env.DB, c.get('auth').idNat);
    return c.json({ devices } satisfies DeviceList);
  })
  .delete('/:id', async (c) => {
    const auth = c.get('auth');
    const id = c.req.param('id');
    if (!(await revokeDeviceToken(c.env.DB, auth.idNat, id))) {
      throw new ApiError('not_found', 'No such device.');
    }
    await recordTrace(c.env.DB, {
      kind: 'token_revoked',
      actorIdNat: auth.idNat,
      balId: await ownBalId(c.env.DB, auth.idNat),
      channel: channelOf(auth),
      detail: id,
    });
    return c.body(null, 204);
  });
