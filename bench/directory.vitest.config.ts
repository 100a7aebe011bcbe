import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The directory bench inside workerd: the server project's bindings, one long test. */
export default defineConfig({
  root,
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(`${root}migrations`),
          BENCH_DIRECTORY_ROWS: process.env.BENCH_DIRECTORY_ROWS ?? '',
        },
      },
    })),
  ],
  test: {
    include: ['test/server/bench/directory.bench-workerd.ts'],
    setupFiles: ['test/server/setup.ts'],
    testTimeout: 900_000,
  },
});
