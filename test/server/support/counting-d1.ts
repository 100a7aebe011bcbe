/**
 * A D1 database that counts the statements prepared on it (each query is one `prepare`),
 * for tests that prove a path makes no D1 query.
 */
export function countingD1(db: D1Database): { db: D1Database; queries: () => number } {
  let count = 0;
  const counted = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (query: string) => {
          count += 1;
          return target.prepare(query);
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: counted, queries: () => count };
}
