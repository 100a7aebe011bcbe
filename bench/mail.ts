import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postInbound } from '../scripts/lib/dev-inbound.ts';
import { demoDeviceToken } from '../scripts/lib/dev-login.ts';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import { JMAP_CAPABILITIES, MESSAGE_LIST_PROPERTIES } from '../shared/jmap/types.ts';
import type { BenchRow, BenchSuite } from './suites.ts';

const CLAIRE = '810100010015';
const LIST = [...MESSAGE_LIST_PROPERTIES];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function timed(count: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const round = (n: number) => Math.round(n * 10) / 10;

function rows(metric: string, times: number[]): BenchRow[] {
  return [
    { metric: `${metric} p50`, value: round(percentile(times, 0.5)), unit: 'ms' },
    { metric: `${metric} p95`, value: round(percentile(times, 0.95)), unit: 'ms' },
  ];
}

/**
 * The mail path as a client meets it, on a local stack with the demo data (Dr Martin's
 * mailbox: 560+ messages): a full sync, a reconnect, opening a message, a search, and
 * receiving through the signed relay endpoint.
 */
export const mailSuite: BenchSuite = {
  name: 'mail',
  async run() {
    const state = mkdtempSync(join(tmpdir(), 'pli-bench-mail-'));
    const stack = await startStack({ port: await freePort(), persistTo: state, quiet: true });
    try {
      const { token, address } = await demoDeviceToken(stack.baseUrl, CLAIRE, 'bench');
      const jmap = async (calls: unknown[]) => {
        const response = await fetch(`${stack.baseUrl}/jmap/api`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ using: Object.values(JMAP_CAPABILITIES), methodCalls: calls }),
        });
        return (await response.json()) as {
          methodResponses: [string, Record<string, unknown>, string][];
        };
      };
      const session = (await (
        await fetch(`${stack.baseUrl}/.well-known/jmap`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as { primaryAccounts: Record<string, string> };
      const accountId = session.primaryAccounts[JMAP_CAPABILITIES.mail] ?? '';

      const full = async () =>
        jmap([
          ['Mailbox/get', { accountId }, 'm'],
          [
            'Email/query',
            { accountId, sort: [{ property: 'receivedAt', isAscending: false }], limit: 1000 },
            'q',
          ],
          [
            'Email/get',
            {
              accountId,
              '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
              properties: LIST,
            },
            'g',
          ],
        ]);
      const first = await full();
      const got = first.methodResponses[2]?.[1] as { state: string; list: { id: string }[] };
      const ids = got.list.map((e) => e.id);
      const fullSync = await timed(20, async () => void (await full()));
      const reconnect = await timed(
        50,
        async () =>
          void (await jmap([
            ['Email/changes', { accountId, sinceState: got.state }, 'c'],
            [
              'Email/get',
              {
                accountId,
                '#ids': { resultOf: 'c', name: 'Email/changes', path: '/created' },
                properties: LIST,
              },
              'g',
            ],
          ])),
      );
      const open = await timed(
        100,
        async (i) =>
          void (await jmap([
            [
              'Email/get',
              {
                accountId,
                ids: [ids[i % ids.length]],
                properties: ['htmlBody', 'textBody', 'attachments', 'bodyValues'],
                fetchAllBodyValues: true,
              },
              'b',
            ],
          ])),
      );
      const words = [
        'résultats',
        'compte rendu',
        'bilan',
        'GIRARD',
        'cardiologie',
        'ordonnance',
        'adressage',
        'scanner',
      ];
      const search = await timed(
        80,
        async (i) =>
          void (await jmap([
            [
              'Email/query',
              { accountId, filter: { text: words[i % words.length] }, limit: 50 },
              'q',
            ],
          ])),
      );
      const receive = await timed(50, async (i) => {
        const raw = [
          'From: Dr Hélène Vasseur <helene.vasseur@chu-lyon-demo.mssante.fr>',
          `To: ${address}`,
          `Subject: Compte rendu ${i}`,
          `Message-ID: <bench-${Date.now()}-${i}@chu-lyon-demo.mssante.fr>`,
          `Date: ${new Date().toUTCString()}`,
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Chère consœur, veuillez trouver le compte rendu de consultation.',
        ].join('\r\n');
        const response = await postInbound(
          stack.baseUrl,
          raw,
          'helene.vasseur@chu-lyon-demo.mssante.fr',
          address,
        );
        if (!response.ok) throw new Error(`inbound ${response.status}`);
      });
      return [
        { metric: 'messages in the mailbox', value: ids.length, unit: 'messages' },
        ...rows('full sync (folders + 1000 newest, one request)', fullSync),
        ...rows('reconnect (Email/changes + Email/get, one request)', reconnect),
        ...rows('open a message (Email/get with bodies)', open),
        ...rows('search (Email/query text)', search),
        ...rows('receive a message (signed POST /inbound)', receive),
      ];
    } finally {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
