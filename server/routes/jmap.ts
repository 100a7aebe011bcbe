import { Hono } from 'hono';
import { requireAuth } from '../auth/authenticate.ts';
import { decodeUtf8, isJsonContentType } from '../auth/read-body.ts';
import { config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { problem } from '../jmap/errors.ts';
import { eventSource } from '../jmap/push.ts';
import { LIMITS, processRequest } from '../jmap/request.ts';
import { sessionObject } from '../jmap/session.ts';
import { jmapWebSocket } from '../jmap/websocket.ts';
import { mailboxStub } from '../mailbox/stub.ts';

/** Mail routes: a device token reaches them as a session does. */
const MAIL = { allow: 'token' } as const;

const NO_STORE = { 'Cache-Control': 'private, no-store' };

/** `/.well-known/jmap`: the JMAP session object of the caller. */
export const jmapSessionRoutes = new Hono<AppEnv>().get('/', requireAuth(MAIL), async (c) => {
  const caller = c.get('caller');
  const bals = await caller.bals();
  const own = bals.find((b) => b.role === 'holder');
  const body = sessionObject({
    origin: new URL(c.req.url).origin,
    username: own?.address ?? caller.auth.idNat,
    bals,
    state: await caller.sessionState(),
    vapidPublicKey: config(c.env).webPush?.publicKey ?? null,
  });
  return c.json(body, 200, NO_STORE);
});

/** `/jmap/*`: the API endpoint, blob upload and download, and EventSource push. */
export const jmapRoutes = new Hono<AppEnv>()
  .post('/api', requireAuth(MAIL), async (c) => {
    const length = Number(c.req.header('Content-Length') ?? 0);
    if (length > LIMITS.maxSizeRequest)
      return problem('limit', 'Request too large.', 400, { limit: 'maxSizeRequest' });
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > LIMITS.maxSizeRequest)
      return problem('limit', 'Request too large.', 400, { limit: 'maxSizeRequest' });
    if (!isJsonContentType(c.req.header('Content-Type')))
      return problem('notJSON', 'The request must be sent as application/json.');
    const text = decodeUtf8(bytes);
    if (text === null) return problem('notJSON', 'The request is not UTF-8.');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return problem('notJSON', 'The request is not JSON.');
    }
    return processRequest(c.env, c.get('caller'), body);
  })
  .post('/upload/:accountId', requireAuth(MAIL), async (c) => {
    const accountId = c.req.param('accountId');
    const bal = await c.get('caller').bal(accountId);
    if (!bal) return problem('notRequest', 'No such account.', 404);
    if (Number(c.req.header('Content-Length') ?? 0) > LIMITS.maxSizeUpload) {
      return problem('limit', 'Upload too large.', 413, { limit: 'maxSizeUpload' });
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > LIMITS.maxSizeUpload) {
      return problem('limit', 'Upload too large.', 413, { limit: 'maxSizeUpload' });
    }
    const type =
      (c.req.header('Content-Type') ?? 'application/octet-stream').split(';')[0]?.trim() ||
      'application/octet-stream';
    const stub = mailboxStub(c.env, accountId);
    const result = await stub.upload(bytes, type, bal.quotaBytes);
    if (!result.ok)
      return problem('limit', 'overQuota: the mailbox is full.', 413, { limit: 'overQuota' });
    return c.json(
      { accountId, blobId: result.blobId, type: result.type, size: result.size },
      201,
      NO_STORE,
    );
  })
  // The path's name (RFC 8620 `{name}`) only names the file in Content-Disposition and is
  // never logged; Pli's webmail sends a neutral one (web/src/models/reader.ts).
  .get('/download/:accountId/:blobId/:name', requireAuth(MAIL), async (c) => {
    const { accountId, blobId, name } = c.req.param();
    const bal = await c.get('caller').bal(accountId);
    if (!bal) return problem('notRequest', 'No such blob.', 404);
    const stub = mailboxStub(c.env, accountId);
    const blob = await stub.blob(blobId);
    if (!blob) return problem('notRequest', 'No such blob.', 404);
    const accept = c.req.query('accept');
    const type = accept && /^[\w.+-]+\/[\w.+-]+$/.test(accept) ? accept : blob.type;
    return new Response(blob.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        ...NO_STORE,
        'Content-Type': type,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  })
  .get('/eventsource', requireAuth({ allow: 'token', allowQueryToken: true }), (c) =>
    eventSource(c),
  )
  .get('/ws', requireAuth(MAIL), (c) => jmapWebSocket(c));
