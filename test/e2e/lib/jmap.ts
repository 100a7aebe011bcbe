import { JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';

/** One JMAP method response: name, arguments, call id. */
export type MethodResponse = [name: string, args: Record<string, unknown>, id: string];

/**
 * A JMAP request to the stack as a person's device token (what the server holds, not a
 * client's cache): the method responses, in order. Throws unless the request is answered
 * with 200.
 */
export async function jmapResponses(
  baseUrl: string,
  token: string,
  calls: unknown[],
  using: string[] = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail, JMAP_CAPABILITIES.submission],
): Promise<MethodResponse[]> {
  const response = await fetch(`${baseUrl}/jmap/api`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ using, methodCalls: calls }),
  });
  if (response.status !== 200) throw new Error(`JMAP answered ${response.status}`);
  return ((await response.json()) as { methodResponses: MethodResponse[] }).methodResponses;
}

/** The same, as a map from call id to the method's arguments. */
export async function jmapById(
  baseUrl: string,
  token: string,
  calls: unknown[],
  using?: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const responses = await jmapResponses(baseUrl, token, calls, using);
  return new Map(responses.map(([, args, id]) => [id, args]));
}

/** The person's own mail account (the session's primary account for mail). */
export async function primaryAccount(baseUrl: string, token: string): Promise<string> {
  const response = await fetch(`${baseUrl}/.well-known/jmap`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const session = (await response.json()) as { primaryAccounts: Record<string, string> };
  return session.primaryAccounts[JMAP_CAPABILITIES.mail] as string;
}
