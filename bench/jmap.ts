import { JMAP_CAPABILITIES } from '../shared/jmap/types.ts';

export type Invocation = [string, Record<string, unknown>, string];

/** A JMAP client of the bench: one device token, its primary mail account. */
export interface BenchJmap {
  accountId: string;
  call(calls: unknown[]): Promise<{ methodResponses: Invocation[] }>;
}

/** Connects with a device token: reads the session for the primary mail account. */
export async function benchJmap(baseUrl: string, token: string): Promise<BenchJmap> {
  const session = (await (
    await fetch(`${baseUrl}/.well-known/jmap`, { headers: { Authorization: `Bearer ${token}` } })
  ).json()) as { primaryAccounts: Record<string, string> };
  return {
    accountId: session.primaryAccounts[JMAP_CAPABILITIES.mail] ?? '',
    async call(calls) {
      const response = await fetch(`${baseUrl}/jmap/api`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ using: Object.values(JMAP_CAPABILITIES), methodCalls: calls }),
      });
      if (!response.ok) throw new Error(`JMAP ${response.status}`);
      return (await response.json()) as { methodResponses: Invocation[] };
    },
  };
}

/** The arguments of the response to `callId`; throws on a method error. */
export function answer(body: { methodResponses: Invocation[] }, callId: string) {
  const found = body.methodResponses.find((r) => r[2] === callId);
  if (!found || found[0] === 'error') throw new Error(`JMAP call ${callId} failed`);
  return found[1] as Record<string, unknown>;
}

/** Email/query then Email/get by back reference: the newest `limit` headers of a mailbox. */
export function newestHeaders(accountId: string, limit: number, properties: string[]) {
  return [
    [
      'Email/query',
      { accountId, sort: [{ property: 'receivedAt', isAscending: false }], limit },
      'q',
    ],
    [
      'Email/get',
      { accountId, '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' }, properties },
      'g',
    ],
  ];
}
