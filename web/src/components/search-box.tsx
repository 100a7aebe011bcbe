import type { FunctionComponent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { bareKey, typingIn } from '../lib/keys.ts';
import {
  clearSearch,
  filtersOpen,
  loadSearch,
  searchActive,
  searchQuery,
} from '../search/search-state.ts';
import '../search/search.css';

/** Whether a key press was typed into a field (where `/` is text, not the shortcut). */
/**
 * The search box, always shown above the list (`/` focuses it). The search itself loads on
 * the box's first focus or at the first idle moment, not with the app.
 */
export function SearchBox() {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || !bareKey(event) || typingIn(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    const idle = window.requestIdleCallback
      ? window.requestIdleCallback(() => void loadSearch().catch(() => undefined), {
          timeout: 5000,
        })
      : window.setTimeout(() => void loadSearch().catch(() => undefined), 2000);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (window.cancelIdleCallback) window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    };
  }, []);
  return (
    <search class="search-box">
      <label class="sr-only" for="mail-search">
        Rechercher dans les messages
      </label>
      <input
        ref={input}
        id="mail-search"
        type="search"
        placeholder="Rechercher (/)"
        autocomplete="off"
        aria-keyshortcuts="/"
        value={searchQuery.value}
        onFocus={() => void loadSearch().catch(() => undefined)}
        onInput={(event) => {
          searchQuery.value = event.currentTarget.value;
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            clearSearch();
            event.currentTarget.blur();
          }
        }}
      />
      <button
        type="button"
        class="button"
        aria-expanded={filtersOpen.value}
        aria-controls="search-filters"
        onClick={() => {
          filtersOpen.value = !filtersOpen.value;
        }}
      >
        Filtres
      </button>
      {searchActive.value && (
        <button type="button" class="button" onClick={clearSearch}>
          Effacer la recherche
        </button>
      )}
      {filtersOpen.value && <LazySearch part="filters" />}
    </search>
  );
}

type Loaded = Awaited<ReturnType<typeof loadSearch>>;

/** A piece of the search's screen, fetched on first use (its own chunk). */
export function LazySearch({ part }: { part: 'filters' | 'results' }) {
  const [ui, setUi] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadSearch().then(
      (module) => setUi(() => module),
      () => setFailed(true),
    );
  }, []);
  if (ui) {
    const Part: FunctionComponent = part === 'filters' ? ui.SearchFilterPanel : ui.SearchResults;
    return <Part />;
  }
  if (part === 'filters') return null;
  return (
    <p role={failed ? 'alert' : 'status'} class="hint">
      {failed ? 'Impossible de charger la recherche. Vérifiez votre connexion.' : 'Recherche…'}
    </p>
  );
}
