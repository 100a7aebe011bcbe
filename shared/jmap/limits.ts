import { MAX_MESSAGE_BYTES } from '../mssante/limits.ts';

/**
 * The limits of the JMAP core capability (RFC 8620 section 2), as the Session advertises
 * them and the server applies them: uploads up to the 25 MiB message limit, requests up to
 * 10 MiB and 32 method calls.
 *
 * @example
 * if (methodCalls.length > JMAP_CORE_LIMITS.maxCallsInRequest) refuse('limit');
 */
export const JMAP_CORE_LIMITS = {
  maxSizeUpload: MAX_MESSAGE_BYTES,
  maxConcurrentUpload: 4,
  maxSizeRequest: 10 * 1024 * 1024,
  maxConcurrentRequests: 4,
  maxCallsInRequest: 32,
  maxObjectsInGet: 1000,
  maxObjectsInSet: 500,
  collationAlgorithms: ['i;ascii-casemap', 'i;unicode-casemap'],
};

/**
 * Nesting limits of JMAP requests, beside the core capability's size and count limits:
 * a request nests at most 64 JSON levels (arrays and objects), an Email/query filter at
 * most 10 operators. Deeper input is refused before any method runs.
 *
 * @example
 * if (jsonDepthOver(body, MAX_REQUEST_DEPTH)) refuse('limit');
 */
export const MAX_REQUEST_DEPTH = 64;
/** See MAX_REQUEST_DEPTH. */
export const MAX_FILTER_DEPTH = 10;

/**
 * Whether a JSON value nests arrays and objects deeper than `max` levels. Iterative: a
 * value of any depth is measured without recursion.
 *
 * @example
 * jsonDepthOver({ a: [1] }, 2); // false
 * jsonDepthOver({ a: [[1]] }, 2); // true
 */
export function jsonDepthOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
