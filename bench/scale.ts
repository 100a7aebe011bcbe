import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postInbound } from '../scripts/lib/dev-inbound.ts';
import { demoDeviceToken } from '../scripts/lib/dev-login.ts';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import { encodeBulkBatch } from '../server/dev/bulk-batch.ts';
import { buildDemoMime } from '../server/dev/demo-mail/build.ts';
import { simplePdf } from '../server/dev/demo-mail/pdf.ts';
import { HOSPITAL_DOCTORS } from '../server/dev/demo-mail/people.ts';
import { MESSAGE_LIST_PROPERTIES } from '../shared/jmap/types.ts';
import { MAX_MESSAGE_BYTES } from '../shared/mssante/limits.ts';
import { type CorpusMessage, corpus } from './corpus.ts';
import { answer, benchJmap, newestHeaders } from './jmap.ts';
import { peakDuring, residentMiB, workerdProcesses } from './memory.ts';
import type { BenchRow } from './report.ts';
import { latencyRows, percentile, round1 } from './stats.ts';
import type { BenchSuite } from './suites.ts';

const KARIM = '810100010023';
const ELODIE = '810100010031';
const LIST = [...MESSAGE_LIST_PROPERTIES];
/** The big BAL's size (`BENCH_SCALE`, default 50,000); the small one holds a fifth. */
const BIG = Math.max(1000, Number(process.env.BENCH_SCALE ?? 50_000) || 50_000);
const SMALL = Math.round(BIG / 5);
/** Delivered through `/inbound` at the start and at the end of the big BAL's fill. */
const MEASURED = Math.min(1000, BIG / 10);
const KNOWN_WORD = 'ostéodensitométrie';
const KNOWN_BODIES = Math.min(500, BIG / 10);
const BATCH = 250;

const thousands = (n: number) => n.toLocaleString('en-US');
/** Progress on stderr: the scale suite runs for minutes. */
const progress = (step: string) => console.error(`  scale: ${step}`);

/** `count` messages of a corpus, generated before any timing starts. */
export function take(source: Iterator<CorpusMessage>, count: number): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  for (let i = 0; i < count; i++) {
    const next = source.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

/**
 * Delivers `messages` through the signed relay endpoint over `connections` concurrent
 * senders: the rate, and the p50/p95 of one delivery.
 */
async function inbound(
  baseUrl: string,
  rcptTo: string,
  messages: CorpusMessage[],
  connections: number,
) {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < messages.length) {
        const m = messages[next++] as CorpusMessage;
        const t = performance.now();
        const response = await postInbound(baseUrl, m.raw, m.mailFrom, rcptTo);
        if (!response.ok) throw new Error(`inbound ${response.status}`);
        await response.arrayBuffer();
        times.push(performance.now() - t);
      }
    }),
  );
  const rate = Math.round((messages.length * 1000) / (performance.now() - start));
  times.sort((a, b) => a - b);
  return { rate, p50: round1(percentile(times, 0.5)), p95: round1(percentile(times, 0.95)) };
}

/** Fills a BAL with `count` corpus messages through `/dev/bulk-deliver`: messages per second. */
export async function bulkFill(
  baseUrl: string,
  to: string,
  source: Iterator<CorpusMessage>,
  count: number,
) {
  const start = performance.now();
  let stored = 0;
  let inFlight: Promise<void> | null = null;
  for (let done = 0; done < count; ) {
    const batch = take(source, Math.min(BATCH, count - done));
    if (batch.length === 0) break;
    done += batch.length;
    // One batch in flight while the next one is generated.
    await inFlight;
    inFlight = (async () => {
      const response = await fetch(`${baseUrl}/dev/bulk-deliver?to=${encodeURIComponent(to)}`, {
        method: 'POST',
        body: encodeBulkBatch(batch),
      });
      const { counts } = (await response.json()) as { counts: Record<string, number> };
      stored += counts.stored ?? 0;
    })();
  }
  await inFlight;
  if (stored < count) throw new Error(`bulk fill stored ${stored} of ${count}`);
  return Math.round((count * 1000) / (performance.now() - start));
}

/** `readers` clients calling `run` `calls` times each, all at once: p50 and p95 of a call. */
async function concurrentRows(
  metric: string,
  readers: number,
  calls: number,
  run: () => Promise<void>,
) {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: readers }, async () => {
      for (let i = 0; i < calls; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return [
    { metric: `${metric} p50`, value: round1(percentile(times, 0.5)), unit: 'ms', http: true },
    { metric: `${metric} p95`, value: round1(percentile(times, 0.95)), unit: 'ms', http: true },
  ];
}

/** A message just under the size limit: a scanned document as one large PDF. */
function largestMessage(to: { name: string; addr: string }, n: number): CorpusMessage {
  const from = HOSPITAL_DOCTORS[0] ?? {
    name: 'CHU',
    addr: 'helene.vasseur@chu-lyon-demo.mssante.fr',
  };
  // Base64 adds a third and a line break per 76 characters; keep room for the headers.
  const pdfBytes = Math.floor(((MAX_MESSAGE_BYTES - 64 * 1024) * 57) / 78);
  const filler = new Uint8Array(pdfBytes);
  for (let i = 0; i < filler.length; i++) filler[i] = (i * 2654435761) >>> 24;
  const messageId = `<bench.largest.${n}.${Date.now()}@chu-lyon-demo.mssante.fr>`;
  const raw = buildDemoMime(
    {
      from,
      subject: 'Dossier numérisé complet',
      text: 'Bonjour,\n\nVeuillez trouver le dossier numérisé ci-joint.',
      attachments: [
        {
          filename: 'dossier.pdf',
          contentType: 'application/pdf',
          bytes: simplePdf('Dossier', [], filler),
        },
      ],
      messageId,
      date: new Date(),
    },
    to,
  );
  if (raw.length > MAX_MESSAGE_BYTES) throw new Error('largest message over the limit');
  return {
    raw,
    mailFrom: from.addr,
    receivedAt: Date.now(),
    messageId,
    kind: 'hospital',
    hasPdf: true,
    hasImage: false,
    hasKnownWord: false,
  };
}

/**
 * The mail path at scale (issue 13), on a fresh local stack: Élodie Rousseau's BAL filled to
 * 50,000 corpus messages (the first and last 1,000 through the signed relay endpoint, the rest
 * through each DO's real `deliver` in bulk), Karim Benali's to 10,000; listing at both sizes,
 * alone and with 8 concurrent readers; Email/changes after 1,000 new messages; body search;
 * a message at the size limit; and the worker's memory before and after the load.
 */
export const scaleSuite: BenchSuite = {
  name: 'scale',
  async run() {
    const state = mkdtempSync(join(tmpdir(), 'pli-bench-scale-'));
    const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
    const base = stack.baseUrl;
    try {
      const big = await demoDeviceToken(base, ELODIE, 'bench');
      const small = await demoDeviceToken(base, KARIM, 'bench');
      const bigJmap = await benchJmap(base, big.token);
      const smallJmap = await benchJmap(base, small.token);
      const { worker: pids, proxy } = workerdProcesses();
      const memoryBefore = residentMiB(pids);
      const proxyBefore = residentMiB(proxy);
      const rows: BenchRow[] = [];

      const bigCorpus = corpus({
        seed: 50_000,
        count: BIG,
        to: { name: 'Élodie Rousseau', addr: big.address },
        knownWord: { word: KNOWN_WORD, bodies: KNOWN_BODIES },
      });
      const deliveryRows = (
        when: string,
        one: Awaited<ReturnType<typeof inbound>>,
        four: typeof one,
      ) => [
        {
          metric: `delivery into one BAL over 1 connection, ${when}`,
          value: one.rate,
          unit: 'msg/s',
        },
        {
          metric: `delivery into one BAL over 1 connection, ${when}, one message p50`,
          value: one.p50,
          unit: 'ms',
          http: true,
        },
        {
          metric: `delivery into one BAL over 1 connection, ${when}, one message p95`,
          value: one.p95,
          unit: 'ms',
          http: true,
        },
        {
          metric: `delivery into one BAL over 4 connections, ${when}`,
          value: four.rate,
          unit: 'msg/s',
        },
        {
          metric: `delivery into one BAL over 4 connections, ${when}, one message p50`,
          value: four.p50,
          unit: 'ms',
          http: true,
        },
      ];
      const first1 = await inbound(base, big.address, take(bigCorpus, MEASURED), 1);
      const first4 = await inbound(base, big.address, take(bigCorpus, MEASURED), 4);
      rows.push(...deliveryRows(`first ${thousands(MEASURED)}`, first1, first4));
      progress(`first ${MEASURED * 2} delivered (${first1.rate} and ${first4.rate} msg/s)`);
      const fill = await bulkFill(base, big.address, bigCorpus, BIG - 4 * MEASURED);
      rows.push({
        metric: 'bulk fill through MailboxDO.deliver (the rest of the big BAL)',
        value: fill,
        unit: 'msg/s',
      });
      progress(`bulk fill at ${fill} msg/s`);
      const last1 = await inbound(base, big.address, take(bigCorpus, MEASURED), 1);
      const last4 = await inbound(base, big.address, take(bigCorpus, MEASURED), 4);
      const lastLabel = `last ${thousands(MEASURED)} of ${thousands(BIG)}`;
      rows.push(...deliveryRows(lastLabel, last1, last4));
      rows.push({
        metric: `delivery over 1 connection: last ${thousands(MEASURED)} against first`,
        value: round1(last1.rate / first1.rate),
        unit: '×',
      });
      const memoryAfter = residentMiB(pids);
      rows.push(
        { metric: 'worker memory before the load', value: memoryBefore, unit: 'MiB' },
        {
          metric: `worker memory growth after ${thousands(BIG)} deliveries`,
          value: round1(memoryAfter - memoryBefore),
          unit: 'MiB',
        },
        {
          metric: `wrangler dev proxy memory growth after ${thousands(BIG)} deliveries (dev tooling)`,
          value: round1(residentMiB(proxy) - proxyBefore),
          unit: 'MiB',
        },
      );

      progress(`last ${MEASURED * 2} delivered (${last1.rate} and ${last4.rate} msg/s)`);
      await bulkFill(
        base,
        small.address,
        corpus({ seed: 10_000, count: SMALL, to: { name: 'Karim Benali', addr: small.address } }),
        SMALL,
      );

      for (const [size, client] of [
        [SMALL, smallJmap],
        [BIG, bigJmap],
      ] as const) {
        const total = answer(
          await client.call([
            ['Email/query', { accountId: client.accountId, calculateTotal: true, limit: 1 }, 'q'],
          ]),
          'q',
        ).total as number;
        rows.push({
          metric: `messages in the BAL of ${thousands(size)}`,
          value: total,
          unit: 'messages',
        });
        const list = async () =>
          void answer(await client.call(newestHeaders(client.accountId, 50, LIST)), 'g');
        rows.push(
          ...(await latencyRows(`list the 50 newest headers at ${thousands(size)}`, 50, list, {
            http: true,
          })),
        );
        rows.push(
          ...(await concurrentRows(
            `list the 50 newest headers at ${thousands(size)}, 8 concurrent readers`,
            8,
            25,
            list,
          )),
        );
      }

      // Email/changes after MEASURED new messages.
      const since = answer(
        await smallJmap.call([['Email/get', { accountId: smallJmap.accountId, ids: [] }, 'g']]),
        'g',
      ).state as string;
      await bulkFill(
        base,
        small.address,
        corpus({
          seed: 10_001,
          count: MEASURED,
          to: { name: 'Karim Benali', addr: small.address },
        }),
        MEASURED,
      );
      const changes = async () => {
        const body = await smallJmap.call([
          [
            'Email/changes',
            { accountId: smallJmap.accountId, sinceState: since, maxChanges: 5000 },
            'c',
          ],
        ]);
        const created = answer(body, 'c').created as string[];
        if (created.length !== MEASURED)
          throw new Error(`Email/changes gave ${created.length} created`);
      };
      rows.push(
        ...(await latencyRows(
          `Email/changes after ${thousands(MEASURED)} new messages`,
          20,
          changes,
          {
            http: true,
          },
        )),
      );

      // Body search: the known word is in exactly KNOWN_BODIES bodies of the big BAL.
      const search = async () => {
        const body = await bigJmap.call([
          [
            'Email/query',
            {
              accountId: bigJmap.accountId,
              filter: { body: KNOWN_WORD },
              calculateTotal: true,
              limit: 50,
            },
            's',
          ],
        ]);
        const total = answer(body, 's').total as number;
        if (total !== KNOWN_BODIES)
          throw new Error(`body search found ${total}, not ${KNOWN_BODIES}`);
      };
      rows.push(
        ...(await latencyRows(
          `body search at ${thousands(BIG)} (${KNOWN_BODIES} hits)`,
          30,
          search,
          { http: true },
        )),
      );

      // A message at the size limit: time and the worker's peak memory.
      const times: number[] = [];
      let peak = 0;
      const idle = residentMiB(pids);
      for (let n = 0; n < 3; n++) {
        const m = largestMessage({ name: 'Karim Benali', addr: small.address }, n);
        const t = performance.now();
        peak = Math.max(
          peak,
          await peakDuring(pids, async () => {
            const response = await postInbound(base, m.raw, m.mailFrom, small.address);
            if (!response.ok) throw new Error(`inbound ${response.status}`);
            await response.arrayBuffer();
          }),
        );
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      rows.push(
        {
          metric: 'receive a 25 MiB message p50',
          value: round1(percentile(times, 0.5)),
          unit: 'ms',
          spread: round1((times.at(-1) ?? 0) - (times[0] ?? 0)),
          http: true,
        },
        {
          metric: 'worker peak memory above idle while receiving it',
          value: round1(peak - idle),
          unit: 'MiB',
        },
      );
      return rows;
    } finally {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
