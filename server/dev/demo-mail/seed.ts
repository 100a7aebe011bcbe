import { config } from '../../config.ts';
import { deliverToBal } from '../../delivery/mailbox-deliver.ts';
import type { Bindings } from '../../env.ts';
import { balByAddress } from '../../storage/bals.ts';
import { DEMO_IDENTITIES, demoAddress } from '../demo-identities.ts';
import { inParallel } from '../in-parallel.ts';
import type { SeedStep } from '../seed.ts';
import { buildDemoMime } from './build.ts';
import { type DemoBalKey, type DemoBals, demoMessages } from './content.ts';
import { seedPatientConversation } from './patient.ts';
import { seedStructuredLetters } from './structured.ts';

/** Deliveries in flight per BAL while seeding. */
const IN_FLIGHT = 12;

/** Bump when the demo content changes: BALs seeded with an older version get the new mail. */
const DEMO_MAIL_VERSION = 2;

const KEYS: Record<DemoBalKey, string> = {
  claire: 'claire.martin',
  karim: 'karim.benali',
  elodie: 'elodie.rousseau',
  thomas: 'thomas.lefevre',
};

interface DemoBal {
  id: string;
  name: string;
  addr: string;
  holderIdNat: string;
  quotaBytes: number;
}

async function demoBals(env: Bindings) {
  const domain = config(env).firstOperatorDomain;
  const found: Partial<Record<DemoBalKey, DemoBal>> = {};
  for (const [key, localPart] of Object.entries(KEYS) as [DemoBalKey, string][]) {
    const identity = DEMO_IDENTITIES.find((i) => i.bal?.localPart === localPart);
    const address = identity ? demoAddress(identity, domain) : null;
    const bal = address ? await balByAddress(env.DB, address) : null;
    if (!identity || !bal) return null;
    const civility =
      identity.civility === 'DR' ? 'Dr ' : identity.civility === 'MME' ? 'Mme ' : 'M. ';
    found[key] = {
      id: bal.id,
      holderIdNat: bal.holderIdNat,
      quotaBytes: bal.quotaBytes,
      addr: bal.address,
      name: `${civility}${identity.givenName} ${identity.familyName}`,
    };
  }
  return { domain, bals: found as Record<DemoBalKey, DemoBal> };
}

/**
 * Development: fills the demo BALs with realistic French clinical mail (over 500 messages
 * for Dr Claire Martin) through each DO's `deliver`, so quota, threads and deduplication
 * are real. Runs after the demo accounts; once done, a later run costs one query.
 */
export const demoMailSeedStep: SeedStep = {
  name: 'demo-mail',
  async run(env) {
    const found = await demoBals(env);
    if (!found) return;
    const ids = Object.values(found.bals).map((b) => b.id);
    const done = await env.DB.prepare(
      `SELECT count(*) AS n FROM demo_mail_seeded WHERE version = ? AND bal_id IN (${ids.map(() => '?').join(',')})`,
    )
      .bind(DEMO_MAIL_VERSION, ...ids)
      .first<{ n: number }>();
    if ((done?.n ?? 0) === ids.length) return;

    const correspondents = Object.fromEntries(
      Object.entries(found.bals).map(([k, b]) => [k, { name: b.name, addr: b.addr }]),
    ) as DemoBals;
    const messages = demoMessages(correspondents, found.domain);
    const counts = new Map<string, number>();
    // Every BAL in parallel, each in two waves: first messages, then replies (so that a
    // reply finds its parent), each wave with a few deliveries in flight.
    await Promise.all(
      (Object.keys(KEYS) as DemoBalKey[]).map(async (key) => {
        const bal = found.bals[key];
        const mine = messages.filter((m) => m.to === key);
        for (const wave of [mine.filter((m) => !m.inReplyTo), mine.filter((m) => m.inReplyTo)]) {
          await inParallel(wave, IN_FLIGHT, async (message) => {
            const result = await deliverToBal(env, {
              balId: bal.id,
              raw: buildDemoMime(message, correspondents[key]),
              quotaBytes: bal.quotaBytes,
              mailFrom: message.from.addr,
              rcptTo: bal.addr,
              receivedAt: message.date.getTime(),
            });
            if (result.status === 'stored' || result.status === 'duplicate') {
              counts.set(bal.id, (counts.get(bal.id) ?? 0) + 1);
            }
          });
        }
      }),
    );
    await seedPatientConversation(env, found.bals.claire);
    await seedStructuredLetters(env, found.bals.claire);
    await env.DB.batch(
      ids.map((id) =>
        env.DB.prepare(
          `INSERT INTO demo_mail_seeded (bal_id, version, message_count, seeded_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (bal_id) DO UPDATE SET version = excluded.version,
             message_count = excluded.message_count, seeded_at = excluded.seeded_at`,
        ).bind(id, DEMO_MAIL_VERSION, counts.get(id) ?? 0, Date.now()),
      ),
    );
  },
};
