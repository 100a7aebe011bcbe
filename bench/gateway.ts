import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { postInbound } from '../scripts/lib/dev-inbound.ts';
import { demoDeviceToken } from '../scripts/lib/dev-login.ts';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import { corpus } from './corpus.ts';
import type { BenchRow } from './report.ts';
import { bulkFill, take } from './scale.ts';
import { percentile, round1 } from './stats.ts';
import type { BenchSuite } from './suites.ts';

const KARIM = '810100010023';
const CLAIRE = '810100010015';
/** The folder size of the figures (`BENCH_GATEWAY_SCALE`, default 10,000). */
const SIZE = Math.max(500, Number(process.env.BENCH_GATEWAY_SCALE ?? 10_000) || 10_000);
const KNOWN_WORD = 'scintigraphie';
const IDLE_ROUNDS = 5;
const SUBMISSIONS = 50;

const seconds = (ms: number) => round1(ms / 1000);

/**
 * The IMAP/SMTP gateway as a mail client meets it (issue 11), on a fresh local stack:
 * Dr Benali's inbox filled to 10,000 corpus messages, then with imapflow a full header
 * sync, 100 full messages, `UID SEARCH TEXT`, IDLE latency after a delivery; and SMTP
 * submission throughput with nodemailer over one connection.
 */
export const gatewaySuite: BenchSuite = {
  name: 'gateway',
  async run() {
    const state = mkdtempSync(join(tmpdir(), 'pli-bench-gateway-'));
    const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
    const ca = readFileSync(stack.gateway.certPath, 'utf8');
    const rows: BenchRow[] = [];
    try {
      const karim = await demoDeviceToken(stack.baseUrl, KARIM, 'bench');
      const claire = await demoDeviceToken(stack.baseUrl, CLAIRE, 'bench');
      const source = corpus({
        seed: 11,
        count: SIZE,
        to: { name: 'Karim Benali', addr: karim.address },
        knownWord: { word: KNOWN_WORD, bodies: Math.min(200, SIZE / 20) },
      });
      await bulkFill(stack.baseUrl, karim.address, source, SIZE);
      const client = new ImapFlow({
        host: stack.gateway.host,
        port: stack.gateway.imaps,
        secure: true,
        tls: { ca },
        auth: { user: karim.address, pass: karim.token },
        logger: false,
        disableAutoIdle: true,
      });
      await client.connect();
      const { exists } = await client.mailboxOpen('INBOX');

      let t = performance.now();
      let count = 0;
      for await (const _ of client.fetch(
        '1:*',
        { uid: true, flags: true, internalDate: true, size: true, envelope: true },
        { uid: true },
      )) {
        count += 1;
      }
      if (count !== exists) throw new Error(`header sync got ${count} of ${exists}`);
      rows.push({
        metric: `full header sync of a ${SIZE.toLocaleString('en-US')}-message folder (UID FETCH 1:* UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)`,
        value: seconds(performance.now() - t),
        unit: 's',
      });

      t = performance.now();
      let bytes = 0;
      for await (const m of client.fetch(`${Math.max(1, exists - 99)}:*`, { source: true })) {
        bytes += m.source?.length ?? 0;
      }
      rows.push({
        metric: 'fetch 100 full messages (BODY[])',
        value: seconds(performance.now() - t),
        unit: 's',
      });
      if (bytes === 0) throw new Error('no bytes fetched');

      t = performance.now();
      const found = await client.search({ text: KNOWN_WORD }, { uid: true });
      rows.push({
        metric: `UID SEARCH TEXT on ${SIZE.toLocaleString('en-US')} messages`,
        value: round1(performance.now() - t),
        unit: 'ms',
      });
      if (!found || found.length === 0) throw new Error('the known word was not found');

      const latencies: number[] = [];
      const extra = take(
        corpus({ seed: 12, count: IDLE_ROUNDS, to: { name: 'Karim Benali', addr: karim.address } }),
        IDLE_ROUNDS,
      );
      for (const message of extra) {
        const before = client.mailbox ? client.mailbox.exists : 0;
        const seen = new Promise<number>((resolve) => {
          const onExists = (data: { count: number }) => {
            if (data.count > before) {
              client.off('exists', onExists);
              resolve(performance.now());
            }
          };
          client.on('exists', onExists);
        });
        const idle = client.idle();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const response = await postInbound(
          stack.baseUrl,
          message.raw,
          message.mailFrom,
          karim.address,
        );
        const delivered = performance.now();
        await response.arrayBuffer();
        latencies.push((await seen) - delivered);
        await client.noop();
        await idle;
      }
      latencies.sort((a, b) => a - b);
      rows.push({
        metric: 'IDLE latency after a delivery p50',
        value: round1(percentile(latencies, 0.5)),
        unit: 'ms',
      });
      await client.logout();

      const transport = nodemailer.createTransport({
        host: stack.gateway.host,
        port: stack.gateway.smtps,
        secure: true,
        tls: { ca },
        auth: { user: karim.address, pass: karim.token },
        pool: true,
        maxConnections: 1,
      });
      t = performance.now();
      for (let i = 0; i < SUBMISSIONS; i += 1) {
        await transport.sendMail({
          from: karim.address,
          to: claire.address,
          subject: `Bench ${i}`,
          text: 'Compte rendu de consultation.',
        });
      }
      rows.push({
        metric: 'SMTP submission throughput over 1 connection',
        value: round1((SUBMISSIONS * 1000) / (performance.now() - t)),
        unit: 'msg/s',
      });
      transport.close();
      return rows;
    } finally {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
