import { directorySeedStep } from '../directory/seed.ts';
import type { Bindings } from '../env.ts';
import { operatorSeedStep } from '../operator/seed.ts';
import { whitelistSeedStep } from '../whitelist/seed.ts';
import { demoMailSeedStep } from './demo-mail/seed.ts';
import { demoAccountsStep } from './seed-demo-accounts.ts';

/**
 * One idempotent step of the demo data: running it again changes nothing. Steps run in
 * order; each feature adds its own step to {@link SEED_STEPS}.
 */
export interface SeedStep {
  name: string;
  run(env: Bindings): Promise<void>;
}

/** The demo accounts come first: the other steps build on their persons and BALs. */
export const SEED_STEPS: SeedStep[] = [
  demoAccountsStep,
  whitelistSeedStep,
  directorySeedStep,
  demoMailSeedStep,
  operatorSeedStep,
];

/** Runs every seed step and reports which ran. */
export async function seedDemoData(env: Bindings): Promise<string[]> {
  const done: string[] = [];
  for (const step of SEED_STEPS) {
    await step.run(env);
    done.push(step.name);
  }
  return done;
}
