import { Hono } from 'hono';
import {
  type CorrespondentList,
  type DirectorySearchResponse,
  FavouriteRequest,
  MAX_DIRECTORY_LIMIT,
} from '../../shared/directory/api.ts';
import { requireAuth } from '../auth/authenticate.ts';
import { readBody } from '../auth/read-body.ts';
import {
  addFavourite,
  listFavourites,
  listRecents,
  removeFavourite,
} from '../directory/correspondents.ts';
import { searchDirectory } from '../directory/search.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/**
 * Reading the directory is part of writing mail: a device token (the browser extension's
 * composer) may search it and read the person's favourites and recents. Changing the
 * favourites takes the person's session.
 */
const READ = requireAuth({ allow: 'token' });
const WRITE = requireAuth();

/**
 * The Annuaire Santé for signed-in users: search (a stable contract), favourites and
 * recent correspondents. Never a patient; never a red-listed BAL.
 */
export const directoryRoutes = new Hono<AppEnv>()
  .get('/', READ, async (c) => {
    const limit = Math.min(
      Math.max(Math.trunc(Number(c.req.query('limit') ?? 20)) || 20, 1),
      MAX_DIRECTORY_LIMIT,
    );
    const results = await searchDirectory(c.env.DB, c.req.query('q') ?? '', limit);
    return c.json({ results } satisfies DirectorySearchResponse);
  })
  .get('/favourites', READ, async (c) => {
    const items = await listFavourites(c.env.DB, c.get('auth').idNat);
    return c.json({ items } satisfies CorrespondentList);
  })
  .post('/favourites', WRITE, async (c) => {
    const { address } = await readBody(c, FavouriteRequest);
    if (!(await addFavourite(c.env.DB, c.get('auth').idNat, address))) {
      throw new ApiError('invalid_request', 'A patient address cannot be a favourite.');
    }
    return c.body(null, 204);
  })
  .delete('/favourites/:address', WRITE, async (c) => {
    await removeFavourite(c.env.DB, c.get('auth').idNat, c.req.param('address').toLowerCase());
    return c.body(null, 204);
  })
  .get('/recent', READ, async (c) => {
    const items = await listRecents(c.env.DB, c.get('auth').idNat);
    return c.json({ items } satisfies CorrespondentList);
  });
