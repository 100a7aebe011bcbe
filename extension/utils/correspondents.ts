import * as v from 'valibot';
import type { Correspondent } from './messages.ts';
import { jmapFetch } from './pairing.ts';

/**
 * The compose window's recipients from Pli, with the device token (the directory and the
 * person's favourites and recents are open to it): checked with valibot before use.
 */

const EntrySchema = v.object({
  address: v.string(),
  name: v.string(),
  profession: v.nullable(v.string()),
  specialty: v.nullable(v.string()),
  city: v.nullable(v.string()),
});
const SearchSchema = v.object({ results: v.array(EntrySchema) });
const ListSchema = v.object({
  items: v.array(v.object({ address: v.string(), entry: v.nullable(EntrySchema) })),
});

type Entry = v.InferOutput<typeof EntrySchema>;

function correspondent(address: string, entry: Entry | null): Correspondent {
  const detail = entry
    ? [entry.specialty ?? entry.profession, entry.city].filter(Boolean).join(', ') || null
    : null;
  return { address, name: entry?.name ?? null, detail };
}

async function read<T>(path: string, schema: v.GenericSchema<unknown, T>): Promise<T | null> {
  try {
    const response = await jmapFetch(path);
    if (!response?.ok) return null;
    const parsed = v.safeParse(schema, await response.json().catch(() => null));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

/** Annuaire Santé search (at least 2 characters), at most 8 entries. */
export async function searchCorrespondents(query: string): Promise<Correspondent[]> {
  const q = query.trim();
  if (q.length < 2) return [];
  const found = await read(
    `/api/directory?${new URLSearchParams({ q, limit: '8' })}`,
    SearchSchema,
  );
  return (found?.results ?? []).map((e) => correspondent(e.address, e));
}

/** Favourites first, then recent correspondents, without repeats: what is offered before typing. */
export async function knownCorrespondents(): Promise<Correspondent[]> {
  const [favourites, recents] = await Promise.all([
    read('/api/directory/favourites', ListSchema),
    read('/api/directory/recent', ListSchema),
  ]);
  const seen = new Set<string>();
  const out: Correspondent[] = [];
  for (const item of [...(favourites?.items ?? []), ...(recents?.items ?? [])]) {
    if (seen.has(item.address)) continue;
    seen.add(item.address);
    out.push(correspondent(item.address, item.entry));
  }
  return out.slice(0, 10);
}
