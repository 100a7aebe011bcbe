/**
 * Writes the generated whitelist sample (official `listeblanchemssante.xml` format, all
 * domains fictional) to a file: `node scripts/make-whitelist-sample.ts [count] [path]`,
 * by default 8,700 domains (the size of the real list) into
 * `.cache/whitelist/listeblanchemssante.xml`. Serve it and point `WHITELIST_URL` at it to
 * try the daily refresh locally. The seed step imports the same generator's output
 * (`server/whitelist/sample.ts`) directly.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { whitelistSample } from '../server/whitelist/sample.ts';

const count = Number(process.argv[2] ?? 8700);
const path = process.argv[3] ?? '.cache/whitelist/listeblanchemssante.xml';
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, whitelistSample(count));
console.log(`${count} domains written to ${path}`);
