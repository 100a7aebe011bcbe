import type { LocalResults } from './mail-index.ts';
import type { SearchFilters } from './search-filters.ts';

/** What the page asks the search worker. */
export type SearchRequest =
  | { type: 'account'; accountId: string }
  | { type: 'search'; seq: number; query: string; filters: SearchFilters; limit: number };

/** What the search worker answers. */
export type SearchReply =
  | { type: 'results'; seq: number; results: LocalResults; ms: number }
  /** The index changed (messages cached or gone): a shown search may be run again. */
  | { type: 'indexed'; size: number }
  | { type: 'failed'; seq: number };
