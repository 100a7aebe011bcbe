import * as v from 'valibot';
import { argumentsProblem } from '../../shared/jmap/arguments.ts';
import { JMAP_CORE_LIMITS, jsonDepthOver, MAX_REQUEST_DEPTH } from '../../shared/jmap/limits.ts';
import { JmapRequestSchema } from '../../shared/jmap/schemas.ts';
import type { Caller } from '../auth/authenticate.ts';
import type { Bindings } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { channelOf } from '../storage/traces.ts';
import { type Args, CAPABILITIES, type CallContext } from './context.ts';
import { COPY_METHODS, copyBetween } from './copy.ts';
import { type Problem, problemBody, problemResponse } from './errors.ts';
import { capabilityOf } from './methods.ts';
import { pushSubscriptionCall } from './push-subscription.ts';

/** The core capability's limits (one source: `shared/jmap/limits.ts`). */
export const LIMITS = JMAP_CORE_LIMITS;

type Invocation = [string, Args, string];

class PointerError extends Error {}

/** Evaluates a JSON pointer with the `*` array extension of RFC 8620 section 3.7. */
export function evaluatePointer(value: unknown, path: string): unknown {
  if (path === '') return value;
  if (!path.startsWith('/')) throw new PointerError('bad path');
  const tokens = path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const walk = (current: unknown, i: number): unknown => {
    if (i === tokens.length) return current;
    const token = tokens[i] as string;
    if (Array.isArray(current)) {
      if (token === '*') {
        return current.flatMap((item) => {
          const r = walk(item, i + 1);
          return Array.isArray(r) ? r : [r];
        });
      }
      const index = Number(token);
      if (!/^\d+$/.test(token) || index >= current.length) throw new PointerError('no item');
      return walk(current[index], i + 1);
    }
    if (current && typeof current === 'object' && token in current) {
      return walk((current as Args)[token], i + 1);
    }
    throw new PointerError('no property');
  };
  return walk(value, 0);
}

function resolveReferences(args: Args, done: Invocation[]): Args | Args[] {
  const out: Args = {};
  for (const [key, value] of Object.entries(args)) {
    if (!key.startsWith('#')) {
      out[key] = value;
      continue;
    }
    const name = key.slice(1);
    if (name in args)
      return [{ type: 'invalidArguments', description: `Both ${name} and #${name}.` }];
    const ref = value as { resultOf?: unknown; name?: unknown; path?: unknown };
    const source = done.find((r) => r[2] === ref?.resultOf && r[0] === ref?.name);
    if (!source || typeof ref.path !== 'string') return [{ type: 'invalidResultReference' }];
    try {
      out[name] = evaluatePointer(source[1], ref.path);
    } catch {
      return [{ type: 'invalidResultReference' }];
    }
  }
  return out;
}

/**
 * Runs a JMAP request (RFC 8620 section 3), for the HTTP endpoint and the WebSocket
 * (RFC 8887) alike: validates the envelope, resolves result references, checks the caller
 * may use each account (through the access cache: a revoked delegation is refused within
 * `ACCESS_TTL_MS`, at once when revoked in this isolate) and runs each method inside the
 * account's DO. Answers the Response object, or the request-level problem.
 */
export async function runRequest(
  env: Bindings,
  caller: Caller,
  body: unknown,
): Promise<{ response: Args } | { problem: Problem }> {
  const refuse = (...args: Parameters<typeof problemBody>) => ({ problem: problemBody(...args) });
  const { auth } = caller;
  if (!body || typeof body !== 'object') return refuse('notRequest', 'Not a JMAP request.');
  if (jsonDepthOver(body, MAX_REQUEST_DEPTH)) {
    return refuse('limit', `The request nests deeper than ${MAX_REQUEST_DEPTH} levels.`, 400, {
      limit: 'maxDepthInRequest',
    });
  }
  const request = v.safeParse(JmapRequestSchema, body);
  if (!request.success) {
    return refuse('notRequest', 'A request needs using and well-formed methodCalls.');
  }
  const { using, methodCalls, createdIds } = request.output;
  const known = Object.values(CAPABILITIES) as string[];
  const unknown = using.filter((u) => !known.includes(u));
  if (unknown.length)
    return refuse('unknownCapability', `Unknown capability: ${unknown.join(', ')}`);
  if (methodCalls.length > LIMITS.maxCallsInRequest) {
    return refuse('limit', 'Too many method calls.', 400, { limit: 'maxCallsInRequest' });
  }
  let ids: Record<string, string> = { ...(createdIds ?? {}) };
  const responses: Invocation[] = [];
  for (const [name, rawArgs, callId] of methodCalls) {
    const resolved = resolveReferences(rawArgs, responses);
    if (Array.isArray(resolved)) {
      responses.push(['error', resolved[0] as Args, callId]);
      continue;
    }
    // Every method, Core/echo included, needs its capability in `using`: a request with
    // an empty `using` is processed, each call answering unknownMethod.
    if (!using.includes(capabilityOf(name))) {
      responses.push([
        'error',
        { type: 'unknownMethod', description: 'Capability not in using.' },
        callId,
      ]);
      continue;
    }
    if (name === 'Core/echo') {
      responses.push([name, resolved, callId]);
      continue;
    }
    const wrong = argumentsProblem(name, resolved);
    if (wrong) {
      responses.push(['error', { type: 'invalidArguments', description: wrong }, callId]);
      continue;
    }
    if (name.startsWith('PushSubscription/')) {
      try {
        const [n, a] = await pushSubscriptionCall(env, auth, name, resolved, ids);
        responses.push([n, a, callId]);
      } catch (error) {
        console.error(
          JSON.stringify({ level: 'error', jmap: name, error: (error as Error)?.name ?? 'Error' }),
        );
        responses.push(['error', { type: 'serverFail' }, callId]);
      }
      continue;
    }
    const accountId = resolved.accountId as string;
    const contextOf = async (id: string): Promise<CallContext | null> => {
      const bal = await caller.bal(id);
      if (!bal) return null;
      return {
        accountId: id,
        actorIdNat: auth.idNat,
        channel: channelOf(auth),
        quotaBytes: bal.quotaBytes,
        using,
        // Only a create writes a Sender: no person read for the other calls of a delegate.
        sender:
          bal.role === 'delegate' && name === 'Email/set'
            ? await caller.delegateSender(bal.address)
            : null,
      };
    };
    const isCopy = COPY_METHODS.includes(name);
    if (isCopy && resolved.fromAccountId === accountId) {
      responses.push([
        'error',
        { type: 'invalidArguments', description: 'fromAccountId must differ from accountId.' },
        callId,
      ]);
      continue;
    }
    const ctx = await contextOf(accountId);
    if (!ctx) {
      responses.push(['error', { type: 'accountNotFound' }, callId]);
      continue;
    }
    const from = isCopy ? await contextOf(resolved.fromAccountId as string) : null;
    if (isCopy && !from) {
      responses.push(['error', { type: 'fromAccountNotFound' }, callId]);
      continue;
    }
    try {
      const result = from
        ? await copyBetween(env, name, { from, to: ctx }, resolved, ids)
        : await mailboxStub(env, accountId).call(ctx, name, resolved, ids);
      ids = result.createdIds;
      for (const [n, a] of result.responses) responses.push([n, a, callId]);
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', jmap: name, error: (error as Error)?.name ?? 'Error' }),
      );
      responses.push(['error', { type: 'serverFail' }, callId]);
    }
  }
  const answer: Args = {
    methodResponses: responses,
    sessionState: await caller.sessionState(),
  };
  if (createdIds !== undefined) answer.createdIds = ids;
  return { response: answer };
}

/** A JMAP request over HTTP (`POST /jmap/api`): the Response object, or the problem. */
export async function processRequest(
  env: Bindings,
  caller: Caller,
  body: unknown,
): Promise<Response> {
  const outcome = await runRequest(env, caller, body);
  if ('problem' in outcome) return problemResponse(outcome.problem);
  return new Response(JSON.stringify(outcome.response), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'private, no-store',
    },
  });
}
