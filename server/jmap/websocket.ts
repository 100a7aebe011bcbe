import type { Context } from 'hono';
import { resolveAuth, resolveCaller } from '../auth/authenticate.ts';
import { decodeUtf8 } from '../auth/read-body.ts';
import { base64url, fromBase64 } from '../bytes.ts';
import type { AppEnv } from '../env.ts';
import { type Problem, problemBody } from './errors.ts';
import { RECHECK_MS, type States, StateWatch, wantedTypes } from './push.ts';
import { LIMITS, runRequest } from './request.ts';

/** The WebSocket subprotocol of RFC 8887. */
export const JMAP_SUBPROTOCOL = 'jmap';
/** Close codes: the credential or the access is gone (1008, policy); a server fault (1011). */
const CLOSE_POLICY = 1008;
/** A pushState longer than this is not one Pli gave: it is ignored. */
const MAX_PUSH_STATE = 16 * 1024;

type Message = Record<string, unknown>;

/** `pushState`: what the client was last sent, so that a new connection resumes from it. */
function encodePushState(states: States): string {
  return base64url(new TextEncoder().encode(JSON.stringify(states)));
}

function decodePushState(value: unknown): States | null {
  if (typeof value !== 'string' || value.length > MAX_PUSH_STATE) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(fromBase64(value))) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    for (const types of Object.values(parsed)) {
      if (!types || typeof types !== 'object' || Array.isArray(types)) return null;
      if (Object.values(types).some((s) => typeof s !== 'string')) return null;
    }
    return parsed as States;
  } catch {
    return null;
  }
}

/**
 * JMAP over WebSocket (RFC 8887) at `/jmap/ws`, subprotocol `jmap`: `Request` objects
 * answered by `Response` or `RequestError` (with the client's `id` as `requestId`, maybe
 * out of order, at most `maxConcurrentRequests` at once), and push: after
 * `WebSocketPushEnable` (`dataTypes`, and a `pushState` to resume from), a `StateChange`
 * with its `pushState` whenever an account's types move, until `WebSocketPushDisable`.
 *
 * The upgrade is authenticated as any mail route (device token or session). A session
 * cookie is only taken from Pli's own origin (the `Origin` of the upgrade), so that no
 * other site can open a socket with it. Every request re-reads the credential through the
 * access cache, and push re-reads it and the access to each account at every wake-up (at
 * least every few seconds): a revoked token, an ended session or a revoked delegation
 * closes the socket (1008).
 */
export async function jmapWebSocket(c: Context<AppEnv>): Promise<Response> {
  if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
    return c.json({ error: 'upgrade_required', message: 'WebSocket upgrade expected.' }, 426);
  }
  const protocols = (c.req.header('Sec-WebSocket-Protocol') ?? '').split(',').map((p) => p.trim());
  if (!protocols.includes(JMAP_SUBPROTOCOL)) {
    return c.json({ error: 'invalid_request', message: 'The jmap subprotocol is required.' }, 400);
  }
  const auth = c.get('auth');
  if (auth.via === 'session' && c.req.header('Origin') !== new URL(c.req.url).origin) {
    return c.json({ error: 'forbidden', message: 'Cross-site WebSocket refused.' }, 403);
  }
  const env = c.env;
  const pair = new WebSocketPair();
  const [client, socket] = [pair[0], pair[1]];
  socket.accept();

  let open = true;
  let inFlight = 0;
  let push: { stop: () => void } | null = null;
  const send = (message: Message) => {
    if (open) socket.send(JSON.stringify(message));
  };
  const close = (code: number, reason: string) => {
    if (!open) return;
    open = false;
    push?.stop();
    socket.close(code, reason);
  };
  const refuse = (requestId: unknown, problem: Problem) =>
    send({
      '@type': 'RequestError',
      ...(typeof requestId === 'string' ? { requestId } : {}),
      ...problem,
    });

  /** The caller now, through the access cache; null closes the socket. */
  const currentCaller = async () => {
    const caller = await resolveCaller(c);
    if (!caller || caller.auth.idNat !== auth.idNat || (await caller.mustAcceptCgu())) {
      close(CLOSE_POLICY, 'unauthenticated');
      return null;
    }
    return caller;
  };

  const request = async (message: Message) => {
    const { '@type': _type, id, ...body } = message;
    if (inFlight >= LIMITS.maxConcurrentRequests) {
      refuse(
        id,
        problemBody('limit', 'Too many concurrent requests.', 400, {
          limit: 'maxConcurrentRequests',
        }),
      );
      return;
    }
    inFlight++;
    try {
      const caller = await currentCaller();
      if (!caller) return;
      const outcome = await runRequest(env, caller, body);
      if ('problem' in outcome) refuse(id, outcome.problem);
      else
        send({
          '@type': 'Response',
          ...(typeof id === 'string' ? { requestId: id } : {}),
          ...outcome.response,
        });
    } finally {
      inFlight--;
    }
  };

  const enablePush = async (message: Message) => {
    push?.stop();
    const types = Array.isArray(message.dataTypes)
      ? wantedTypes(message.dataTypes.filter((t): t is string => typeof t === 'string'))
      : null;
    const resumed = decodePushState(message.pushState);
    const watch = await StateWatch.open(env, auth.idNat, types, resumed ?? {});
    let running = true;
    push = {
      stop: () => {
        running = false;
      },
    };
    const emit = async () => {
      const changed = await watch.changes();
      if (Object.keys(changed).length > 0 && running) {
        send({ '@type': 'StateChange', changed, pushState: encodePushState(watch.states) });
      }
    };
    // Resumed: what changed since that pushState goes at once; else today's states are
    // the starting point and only later changes are sent.
    if (resumed) await emit();
    else await watch.changes();
    while (running && open) {
      await watch.wait(RECHECK_MS);
      if (!running || !open) break;
      const still = await resolveAuth(c);
      if (!still || still.idNat !== auth.idNat || !(await watch.stillAllowed())) {
        close(CLOSE_POLICY, 'access revoked');
        break;
      }
      await emit();
    }
  };

  const onMessage = async (data: string | ArrayBuffer) => {
    const text =
      typeof data === 'string'
        ? data
        : data.byteLength > LIMITS.maxSizeRequest
          ? null
          : decodeUtf8(data);
    if (text === null) return refuse(null, problemBody('notJSON', 'Messages are UTF-8 JSON text.'));
    if (text.length > LIMITS.maxSizeRequest) {
      return refuse(
        null,
        problemBody('limit', 'Request too large.', 400, {
          limit: 'maxSizeRequest',
        }),
      );
    }
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return refuse(null, problemBody('notJSON', 'The message is not JSON.'));
    }
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      return refuse(null, problemBody('notRequest', 'Not a JMAP WebSocket message.'));
    }
    const typed = message as Message;
    switch (typed['@type']) {
      case 'Request':
        return request(typed);
      case 'WebSocketPushEnable':
        return enablePush(typed);
      case 'WebSocketPushDisable':
        push?.stop();
        push = null;
        return;
      default:
        return refuse(typed.id, problemBody('notRequest', 'Unknown message @type.'));
    }
  };

  socket.addEventListener('message', (event) => {
    onMessage(event.data).catch((error) => {
      // Once the socket is closed, a push loop's last wait may fail: nothing is lost.
      if (!open) return;
      console.error(
        JSON.stringify({ level: 'error', jmap: 'websocket', error: (error as Error)?.name }),
      );
      close(1011, 'server error');
    });
  });
  socket.addEventListener('close', () => {
    // The client closed: the closing handshake is answered, push stops.
    const wasOpen = open;
    open = false;
    push?.stop();
    if (wasOpen) socket.close(1000, 'closed');
  });
  socket.addEventListener('error', () => {
    open = false;
    push?.stop();
  });
  return new Response(null, {
    status: 101,
    webSocket: client,
    headers: { 'Sec-WebSocket-Protocol': JMAP_SUBPROTOCOL },
  });
}
