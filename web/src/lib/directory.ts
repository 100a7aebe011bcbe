import type {
  CorrespondentItem,
  CorrespondentList,
  DirectoryResult,
  DirectorySearchResponse,
} from '../../../shared/directory/api.ts';
import { api } from './api-client.ts';

/**
 * The Annuaire Santé searched by name, address or RPPS (`GET /api/directory`): the one
 * caller for the composer's suggestions, the delegation form and the absence replacement.
 * Fewer than two characters ask nothing.
 */
export async function findInDirectory(query: string, limit: number): Promise<DirectoryResult[]> {
  const q = query.trim();
  if (q.length < 2) return [];
  const found = await api<DirectorySearchResponse>(
    `/api/directory?q=${encodeURIComponent(q)}&limit=${limit}`,
  );
  return found.results;
}

/** The person's favourite and recent correspondents (`GET /api/directory/favourites`, `/recent`). */
export async function myCorrespondents(): Promise<{
  favourites: CorrespondentItem[];
  recents: CorrespondentItem[];
}> {
  const [favourites, recents] = await Promise.all([
    api<CorrespondentList>('/api/directory/favourites'),
    api<CorrespondentList>('/api/directory/recent'),
  ]);
  return { favourites: favourites.items, recents: recents.items };
}

/** Adds a professional to the person's favourites (`POST /api/directory/favourites`). */
export async function addFavourite(address: string): Promise<void> {
  await api('/api/directory/favourites', { method: 'POST', body: { address } });
}
