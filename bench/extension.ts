import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postInbound } from '../scripts/lib/dev-inbound.ts';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import { loadExtension, pairExtension } from '../test/e2e/lib/extension.ts';
import { loginWithPsc } from '../test/e2e/lib/login.ts';
import type { BenchRow } from './report.ts';
import { percentile, round1 } from './stats.ts';
import type { BenchSuite } from './suites.ts';

/** The part of the extension API the evaluations below use (in its service worker). */
declare const chrome: {
  notifications: {
    getAll(): Promise<Record<string, boolean>>;
    clear(id: string): Promise<boolean>;
  };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const THOMAS_ID = '810100010049';
const THOMAS = 'thomas.lefevre@pharmacien.pli.mssante.fr';
const SENDER = 'helene.vasseur@chu-lyon-demo.mssante.fr';
const ROUNDS = Math.max(3, Number(process.env.BENCH_NOTIFY_ROUNDS ?? 10) || 10);

/**
 * The extension's new-mail notifications (issue 14), on a fresh local stack: the unpacked
 * Chrome build in Debian's Chromium, paired through the device flow, then the time from a
 * delivery to Dr Lefèvre's BAL to the `chrome.notifications` notification (the live
 * stream: the test machines reach no push service), p50 and p95 over the rounds.
 */
export const extensionSuite: BenchSuite = {
  name: 'extension',
  async run() {
    const state = mkdtempSync(join(tmpdir(), 'pli-bench-extension-'));
    const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
    const extension = await loadExtension(stack.baseUrl);
    try {
      const pwa = await extension.browser.context.newPage();
      await loginWithPsc(pwa, stack.baseUrl, THOMAS_ID);
      await pairExtension(extension);
      const worker = extension.worker;
      const streamOpen = async () =>
        (await worker.evaluate(
          async () => (await chrome.storage.local.get('watchMode')).watchMode,
        )) === 'stream';
      for (let i = 0; i < 100 && !(await streamOpen()); i += 1) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const shown = () =>
        worker.evaluate(async () =>
          Object.keys(await chrome.notifications.getAll()).filter((id) =>
            id.startsWith('pli-mail|'),
          ),
        );
      const latencies: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const id of await shown())
          await worker.evaluate((n) => chrome.notifications.clear(n), id);
        const raw = [
          `From: Dr Hélène Vasseur <${SENDER}>`,
          `To: <${THOMAS}>`,
          `Subject: Résultat ${round}`,
          `Message-ID: <bench-notify-${Date.now()}-${round}@chu-lyon-demo.mssante.fr>`,
          `Date: ${new Date().toUTCString()}`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Bonjour, voici le résultat.',
          '',
        ].join('\r\n');
        const start = performance.now();
        const response = await postInbound(stack.baseUrl, raw, SENDER, THOMAS);
        if (!response.ok) throw new Error(`delivery answered ${response.status}`);
        while ((await shown()).length === 0) {
          if (performance.now() - start > 30_000) throw new Error('no notification in 30 s');
          await new Promise((r) => setTimeout(r, 20));
        }
        latencies.push(performance.now() - start);
      }
      latencies.sort((a, b) => a - b);
      const rows: BenchRow[] = [
        {
          metric: 'delivery to notification p50',
          value: round1(percentile(latencies, 0.5)),
          unit: 'ms',
        },
        {
          metric: 'delivery to notification p95',
          value: round1(percentile(latencies, 0.95)),
          unit: 'ms',
        },
      ];
      return rows;
    } finally {
      await extension.browser.close();
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
