import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postInbound } from '../scripts/lib/dev-inbound.ts';
import { demoDeviceToken } from '../scripts/lib/dev-login.ts';
import { freePort } from '../scripts/lib/processes.ts';
import { startStack } from '../scripts/lib/stack.ts';
import { JMAP_CAPABILITIES, MESSAGE_LIST_PROPERTIES } from '../shared/jmap/types.ts';
import { latencyRows, ROUNDS } from './stats.ts';
import type { BenchSuite } from './suites.ts';

const CLAIRE = '810100010015';
const LIST = [...MESSAGE_LIST_PROPERTIES];

/**
 * The mail path as a client meets it, on a local stack with the demo data (Dr Martin's
 * mailbox: 560+ messages): an empty call, the 50 newest headers, a full sync, a reconnect,
 * opening a message, a search, and receiving through the signed relay endpoint.
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

      /** The newest `limit` headers: Email/query then Email/get by back reference. */
      const newest = (limit: number) => [
        [
          'Email/query',
          { accountId, sort: [{ property: 'receivedAt', isAscending: false }], limit },
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
      ];
      const full = async () => jmap([['Mailbox/get', { accountId }, 'm'], ...newest(1000)]);
      const first = await full();
      const got = first.methodResponses[2]?.[1] as { state: string; list: { id: string }[] };
      const ids = got.list.map((e) => e.id);
      const http = { http: true };
      const fullSync = await latencyRows(
        'full sync (folders + 1000 newest, one request)',
        20,
        async () => void (await full()),
        http,
      );
      const echo = await latencyRows(
        'Core/echo (an empty JMAP call)',
        100,
        async () => void (await jmap([['Core/echo', {}, 'e']])),
        http,
      );
      const list50 = await latencyRows(
        'list the 50 newest headers (Email/query + Email/get)',
        100,
        async () => void (await jmap(newest(50))),
        http,
      );
      const reconnect = await latencyRows(
        'reconnect (Email/changes + Email/get, one request)',
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
        http,
      );
      const open = await latencyRows(
        'open a message (Email/get with bodies)',
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
        http,
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
      const search = await latencyRows(
        'search (Email/query text)',
        80,
        async (i) =>
          void (await jmap([
            [
              'Email/query',
              { accountId, filter: { text: words[i % words.length] }, limit: 50 },
              'q',
            ],
          ])),
        http,
      );
      let sent = 0;
      const receiveOne = async () => {
        const n = sent++;
        const raw = [
          'From: Dr Hélène Vasseur <helene.vasseur@chu-lyon-demo.mssante.fr>',
          `To: ${address}`,
          `Subject: Compte rendu ${n}`,
          `Message-ID: <bench-${Date.now()}-${n}@chu-lyon-demo.mssante.fr>`,
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
      };
      const receive = await latencyRows(
        'receive a message (signed POST /inbound)',
        50,
        receiveOne,
        http,
      );
      /** Messages per second into one BAL over `connections` concurrent senders. */
      const rate = async (connections: number, perConnection: number) => {
        const start = performance.now();
        await Promise.all(
          Array.from({ length: connections }, async () => {
            for (let i = 0; i < perConnection; i++) await receiveOne();
          }),
        );
        return Math.round((connections * perConnection * 1000) / (performance.now() - start));
      };
      const rates = async (connections: number) => {
        const values: number[] = [];
        for (let r = 0; r < ROUNDS; r++) values.push(await rate(connections, 100 / connections));
        values.sort((a, b) => a - b);
        return {
          metric: `delivery into one BAL over ${connections} connection${connections > 1 ? 's' : ''}`,
          value: values[Math.floor(values.length / 2)] ?? 0,
          spread: (values.at(-1) ?? 0) - (values[0] ?? 0),
          unit: 'msg/s',
        };
      };
      const deliveryRates = [await rates(1), await rates(4)];
      return [
        { metric: 'messages in the mailbox', value: ids.length, unit: 'messages' },
        ...echo,
        ...list50,
        ...fullSync,
        ...reconnect,
        ...open,
        ...search,
        ...receive,
        ...deliveryRates,
      ];
    } finally {
      await stack.stop();
      rmSync(state, { recursive: true, force: true });
    }
  },
};
