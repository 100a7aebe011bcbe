import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../server/bytes.ts';
import {
  legacyObjectName,
  mailboxKeys,
  objectName,
  open,
  openLegacy,
  seal,
} from '../server/storage/sealed-blobs.ts';
import type { BenchRow } from './report.ts';
import { percentile, ROUNDS, timed } from './stats.ts';
import type { BenchSuite } from './suites.ts';

/** The sizes a mailbox stores: a short letter, a letter with its PDF, a scanned file. */
const SIZES = [
  { label: 'a 6 KiB letter', bytes: 6 * 1024, count: 400 },
  { label: 'a 300 KiB letter with its PDF', bytes: 300 * 1024, count: 100 },
  { label: 'a 5 MiB scan', bytes: 5 * 1024 * 1024, count: 12 },
];

/** The median over `ROUNDS` rounds of each round's p50, in ms per message. */
async function median(count: number, run: (i: number) => Promise<void>): Promise<number> {
  const p50s: number[] = [];
  for (let r = 0; r < ROUNDS; r++) p50s.push(percentile(await timed(count, run), 0.5));
  return percentile(
    p50s.sort((a, b) => a - b),
    0.5,
  );
}

/**
 * What encryption at rest costs, before and after in the same run: the storage step of a
 * delivery and of opening a message, with the Worker's own code (`sealed-blobs.ts`) on this
 * machine's WebCrypto. Before: the plaintext object named by its SHA-256, checked against
 * it on read. After: the keyed name, AES-256-GCM sealing, and opening. The SHA-256 of the
 * content is computed in both (content addressing inside the mailbox needs it).
 */
export const encryptionSuite: BenchSuite = {
  name: 'encryption',
  async run() {
    const env = { MAIL_KEY: randomBytes(32).toString('base64') };
    const balId = 'bench-bal';
    const keys = await mailboxKeys(env, balId, null);
    const rows: BenchRow[] = [];
    for (const size of SIZES) {
      const raw = new Uint8Array(randomBytes(size.bytes));
      const sha = await sha256Hex(raw);
      const name = await objectName(keys, balId, sha);
      const sealed = await seal(keys, name, raw);
      const us = (ms: number) => Math.round(ms * 1000);
      const storeBefore = await median(size.count, async () => {
        legacyObjectName(balId, await sha256Hex(raw));
      });
      const storeAfter = await median(size.count, async () => {
        const named = await objectName(keys, balId, await sha256Hex(raw));
        await seal(keys, named, raw);
      });
      const readBefore = await median(size.count, async () => {
        await openLegacy(raw, sha);
      });
      const readAfter = await median(size.count, async () => {
        await open(keys, name, sealed);
      });
      rows.push(
        {
          metric: `delivery, storing ${size.label}: plaintext (before)`,
          value: us(storeBefore),
          unit: 'µs',
        },
        {
          metric: `delivery, storing ${size.label}: sealed (after)`,
          value: us(storeAfter),
          unit: 'µs',
        },
        { metric: `opening ${size.label}: plaintext (before)`, value: us(readBefore), unit: 'µs' },
        { metric: `opening ${size.label}: sealed (after)`, value: us(readAfter), unit: 'µs' },
        {
          metric: `stored size of ${size.label}: added bytes`,
          value: sealed.byteLength - raw.byteLength,
          unit: 'B',
        },
      );
    }
    return rows;
  },
};
