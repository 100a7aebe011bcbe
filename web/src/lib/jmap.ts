import { api } from './api-client.ts';

/** One JMAP method call or response: [name, arguments, call id]. */
export type Invocation = [string, Record<string, unknown>, string];

export interface JmapResponse {
  methodResponses: Invocation[];
  sessionState: string;
}

const USING = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'];

/** A JMAP method error (RFC 8620 §3.6.2), e.g. `cannotCalculateChanges`. */
export class JmapMethodError extends Error {
  constructor(
    readonly type: string,
    readonly callId: string,
  ) {
    super(type);
    this.name = 'JmapMethodError';
  }
}

/** A back reference to an earlier call's result (RFC 8620 §3.7). */
export function ref(resultOf: string, name: string, path: string) {
  return { resultOf, name, path };
}

/**
 * Sends one JMAP request (the same cookie, CSRF token and error handling as the JSON API)
 * and returns the responses by call id. A method error throws a JmapMethodError.
 */
export async function jmap(calls: Invocation[]): Promise<Map<string, Record<string, unknown>>> {
  const response = await api<JmapResponse>('/jmap/api', {
    method: 'POST',
    body: { using: USING, methodCalls: calls },
  });
  const byId = new Map<string, Record<string, unknown>>();
  for (const [name, args, callId] of response.methodResponses) {
    if (name === 'error') throw new JmapMethodError(String(args.type), callId);
    byId.set(callId, args);
  }
  return byId;
}
