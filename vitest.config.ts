import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import preact from '@preact/preset-vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium.ts';

const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'shared',
          environment: 'node',
          include: [
            'test/shared/**/*.test.ts',
            'test/bench/**/*.test.ts',
            'test/gateway/**/*.test.ts',
            'test/extension/**/*.test.ts',
          ],
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { TEST_MIGRATIONS: await readD1Migrations(migrationsDir) },
            },
          })),
        ],
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          setupFiles: ['test/server/setup.ts'],
          // A tiny SMTP relay and an HTTP server on 127.0.0.1 (scripts/server-test-peers.ts).
          globalSetup: ['scripts/server-test-peers.ts'],
        },
      },
      {
        plugins: [preact()],
        optimizeDeps: {
          include: [
            'preact',
            'preact/hooks',
            'preact/jsx-runtime',
            '@preact/signals',
            'dexie',
            'dompurify',
            'hono',
            'hono/secure-headers',
          ],
        },
        test: {
          name: 'web',
          include: ['test/web/**/*.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          setupFiles: ['test/e2e/setup.ts'],
          fileParallelism: false,
          // On CI only: a browser test that timed out on a loaded machine runs once more
          // (each uses unique subjects, so a second run does not meet the first's mail).
          // Locally a failure shows at once.
          retry: process.env.CI ? 1 : 0,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
