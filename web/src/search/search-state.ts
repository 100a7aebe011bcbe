import { computed, signal } from '@preact/signals';
import { createModel } from '../models/model.ts';
import { hasFilters, NO_FILTERS, type SearchFilters } from './search-filters.ts';

/**
 * What the search box holds, loaded with the app (the box is always shown); the search
 * itself (the worker, the index, the server's part, the results) is `search-model.ts`,
 * loaded on demand by `loadSearch()`: on the box's first focus, or at the first idle moment.
 */
export const { searchQuery, searchFilters, filtersOpen } = createModel({
  searchQuery: signal(''),
  searchFilters: signal<SearchFilters>(NO_FILTERS),
  filtersOpen: signal(false),
});

/** A search is shown instead of the folder: words typed or a filter set. */
export const searchActive = computed(
  () => searchQuery.value.trim() !== '' || hasFilters(searchFilters.value),
);

/** Sets one filter. */
export function setFilter<K extends keyof SearchFilters>(key: K, value: SearchFilters[K]): void {
  searchFilters.value = { ...searchFilters.value, [key]: value };
}

/** Back to the folder: no words, no filter. */
export function clearSearch(): void {
  searchQuery.value = '';
  searchFilters.value = NO_FILTERS;
}

type SearchUi = typeof import('../components/search-results.tsx');
let loading: Promise<SearchUi> | null = null;

/** The search's code (results, filters, model, worker), fetched once. */
export function loadSearch(): Promise<SearchUi> {
  loading ??= import('../components/search-results.tsx').catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}
