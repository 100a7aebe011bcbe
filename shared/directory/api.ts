import * as v from 'valibot';

/**
 * One directory entry as the API returns it. `address`, `name`, `profession`, `specialty`,
 * `city` and `idNat` are the stable contract; the rest is extra.
 *
 * @example
 * const r: DirectoryResult = { address: 'a.b@medecin.mssante.fr', name: 'Anne B', profession: 'Médecin',
 *   specialty: null, city: 'LYON', idNat: '810100010015', postcode: '69003', organisation: null,
 *   phone: null, type: 'PER', pli: false };
 */
export interface DirectoryResult {
  address: string;
  name: string;
  profession: string | null;
  specialty: string | null;
  city: string | null;
  idNat: string | null;
  postcode: string | null;
  organisation: string | null;
  /** Only for a Pli BAL whose holder allowed it. */
  phone: string | null;
  type: string;
  /** True when the BAL is hosted by Pli. */
  pli: boolean;
}

/** `GET /api/directory?q=&limit=`. */
export interface DirectorySearchResponse {
  results: DirectoryResult[];
}

/** Most results a search returns. */
export const MAX_DIRECTORY_LIMIT = 50;

/** A favourite or recent correspondent of the caller. */
export interface CorrespondentItem {
  address: string;
  /** The directory entry when the address is in the directory. */
  entry: DirectoryResult | null;
  at: string;
}

/** `GET /api/directory/favourites` and `GET /api/directory/recent`. */
export interface CorrespondentList {
  items: CorrespondentItem[];
}

/** `POST /api/directory/favourites`: `{ address }`. */
export const FavouriteRequest = v.object({
  address: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email()),
});
export type FavouriteRequest = v.InferOutput<typeof FavouriteRequest>;

/**
 * What one import of the extract did, as `POST /api/operator/directory/import` answers.
 *
 * @example
 * const stats: DirectoryImportStats = await api('/api/operator/directory/import', …);
 * console.log(`${stats.added} added, ${stats.removed} removed`);
 */
export interface DirectoryImportStats {
  runId: number;
  rowsRead: number;
  rowsSkipped: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}
