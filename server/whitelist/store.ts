/** One domain of the MSSanté whitelist, as published in `listeblanchemssante.xml`. */
export interface WhitelistDomain {
  name: string;
  description: string | null;
  operatorDn: string | null;
  responsableContact: string | null;
  supportContact: string | null;
  updatedOn: string | null;
}

/** D1 allows 100 bound parameters per query. */
const LOOKUP_CHUNK = 90;

/**
 * The domains of `domains` that are on the whitelist (exact names, lower case). One query
 * per 90 domains.
 */
export async function whitelistedDomains(
  db: D1Database,
  domains: readonly string[],
): Promise<Set<string>> {
  const unique = [...new Set(domains.map((d) => d.toLowerCase()))];
  const found = new Set<string>();
  for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
    const chunk = unique.slice(i, i + LOOKUP_CHUNK);
    const { results } = await db
      .prepare(
        `SELECT lower(name) AS name FROM whitelist_domains WHERE name IN (${chunk.map(() => '?').join(',')})`,
      )
      .bind(...chunk)
      .all<{ name: string }>();
    for (const row of results) found.add(row.name);
  }
  return found;
}

/** Whether one domain is on the whitelist. */
export async function isWhitelisted(db: D1Database, domain: string): Promise<boolean> {
  return (await whitelistedDomains(db, [domain])).has(domain.toLowerCase());
}
