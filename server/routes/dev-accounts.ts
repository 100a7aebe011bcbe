import { Hono } from 'hono';
import type { DevAccounts } from '../../shared/identity.ts';
import { config } from '../config.ts';
import { DEMO_IDENTITIES, demoAddress } from '../dev/demo-identities.ts';
import { PSC_TEST_CARDS } from '../dev/psc-test-identities.ts';
import { demoPersonalEmail } from '../dev/seed-demo-accounts.ts';
import type { AppEnv } from '../env.ts';

/**
 * `GET /dev/accounts` (development only; a stable contract of outside checks): the demo
 * accounts with their passwords, and the stand-in's PSC test cards (`hasBal: false` until
 * they onboard).
 */
export const devAccountRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { results } = await c.env.DB.prepare(
    'SELECT holder_id_nat, address FROM bals WHERE deleted_at IS NULL ORDER BY created_at',
  ).all<{ holder_id_nat: string; address: string }>();
  const own = new Map<string, string>();
  for (const row of results)
    if (!own.has(row.holder_id_nat)) own.set(row.holder_id_nat, row.address);
  const domain = config(c.env).firstOperatorDomain;
  const accounts: DevAccounts['accounts'] = [
    ...DEMO_IDENTITIES.map((identity) => ({
      address:
        own.get(identity.idNat) ?? demoAddress(identity, domain) ?? demoPersonalEmail(identity),
      idNat: identity.idNat,
      password: identity.password ?? null,
      hasBal: own.has(identity.idNat),
      name: `${identity.givenName} ${identity.familyName}`,
      source: 'demo' as const,
    })),
    ...PSC_TEST_CARDS.map((card) => ({
      address: own.get(card.idNat) ?? null,
      idNat: card.idNat,
      password: null,
      hasBal: own.has(card.idNat),
      name: `${card.givenName} ${card.familyName}`,
      source: 'psc-test' as const,
    })),
  ];
  return c.json({ accounts } satisfies DevAccounts);
});
