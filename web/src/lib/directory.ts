import type { DirectoryResult, DirectorySearchResponse } from '../../../shared/directory/api.ts';
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
