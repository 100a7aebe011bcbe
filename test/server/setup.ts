import { applyD1Migrations, env, reset } from 'cloudflare:test';
import { afterEach, beforeEach } from 'vitest';
import { forgetAccess } from '../../server/auth/access-cache.ts';

// Per-test isolation: every test starts on freshly migrated, empty storage.
beforeEach(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
});

afterEach(async () => {
  forgetAccess(); // storage is reset: nothing cached of it may serve the next test
  await reset();
});
