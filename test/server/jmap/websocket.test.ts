import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeDelegation, sessionCookie } from '../support/factories.ts';
import { deliver, type Loose, makeAccount, rawMessage, USING } from '../support/mail.ts';

const WS_URL = 'http://pli.test/jmap/ws';

/** Opens a JMAP WebSocket; messages are read one at a time, in order, and the close seen. */
async function connect(headers: Record<string, string>) {
  const response = await exports.default.fetch(WS_URL, {
    headers: { Upgrade: 'websocket', 'Sec-WebSocket-Protocol': 'jmap', ...headers },
  });
  expect(response.status).toBe(101);
  expect(response.headers.get('Sec-WebSocket-Protocol')).toBe('jmap');
  const socket = response.webSocket as WebSocket;
  socket.accept();
  const queue: Loose[] = [];
  const waiting: ((message: Loose) => void)[] = [];
  let closed: { code: number } | null = null;
  const onClose: ((code: number) => void)[] = [];
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    const next = waiting.shift();
    if (next) next(message);
    else queue.push(message);
  });
  socket.addEventListener('close', (event) => {
    closed = { code: event.code };
    for (const resolve of onClose) resolve(event.code);
  });
  return {
    send: (message: unknown) => socket.send(JSON.stringify(message)),
    sendRaw: (data: string) => socket.send(data),
    next: (): Promise<Loose> => {
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
    closed: (): Promise<number> =>
      closed ? Promise.resolve(closed.code) : new Promise((resolve) => onClose.push(resolve)),
    /** Closes, and waits for the server to answer the closing handshake. */
    close: async () => {
      socket.close(1000, 'done');
      await new Promise<void>((resolve) => {
        if (closed) resolve();
        else onClose.push(() => resolve());
      });
    },
  };
}

describe('JMAP over WebSocket (RFC 8887)', () => {
  it('announces itself in the session, with push', async () => {
    const { token } = await makeAccount();
    const session = (await (
      await exports.default.fetch('http://pli.test/.well-known/jmap', {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as Loose;
    expect(session.capabilities['urn:ietf:params:jmap:websocket']).toEqual({
      url: 'ws://pli.test/jmap/ws',
      supportsPush: true,
    });
  });

  it('answers each Request with its Response under the client’s id, and request-level problems as RequestError', async () => {
    const { token, accountId } = await makeAccount();
    const ws = await connect({ Authorization: `Bearer ${token}` });
    ws.send({
      '@type': 'Request',
      id: 'r1',
      using: USING,
      methodCalls: [
        ['Core/echo', { hello: 'Pli' }, 'e'],
        ['Mailbox/query', { accountId, filter: { role: 'inbox' } }, 'q'],
      ],
    });
    const answer = await ws.next();
    expect(answer['@type']).toBe('Response');
    expect(answer.requestId).toBe('r1');
    expect(answer.methodResponses[0]).toEqual(['Core/echo', { hello: 'Pli' }, 'e']);
    expect(answer.methodResponses[1][1].ids).toHaveLength(1);
    expect(typeof answer.sessionState).toBe('string');

    ws.send({ '@type': 'Request', id: 'r2', using: ['urn:x:nothing'], methodCalls: [] });
    expect(await ws.next()).toMatchObject({
      '@type': 'RequestError',
      requestId: 'r2',
      type: 'urn:ietf:params:jmap:error:unknownCapability',
      status: 400,
    });
    ws.sendRaw('not json');
    expect(await ws.next()).toMatchObject({
      '@type': 'RequestError',
      type: 'urn:ietf:params:jmap:error:notJSON',
    });
    ws.send({ '@type': 'Something', id: 'r3' });
    expect(await ws.next()).toMatchObject({
      '@type': 'RequestError',
      requestId: 'r3',
      type: 'urn:ietf:params:jmap:error:notRequest',
    });
    await ws.close();
  });

  it('pushes a StateChange when mail arrives once push is enabled, and resumes from its pushState on a new socket', async () => {
    const { token, accountId } = await makeAccount();
    const first = await connect({ Authorization: `Bearer ${token}` });
    first.send({ '@type': 'WebSocketPushEnable', dataTypes: ['Email'] });
    await deliver(accountId, rawMessage());
    const change = await first.next();
    expect(change['@type']).toBe('StateChange');
    expect(Object.keys(change.changed[accountId])).toEqual(['Email']);
    expect(typeof change.pushState).toBe('string');
    first.send({ '@type': 'WebSocketPushDisable' });
    await first.close();

    // Mail while no socket is open: the next one, resuming, is told at once.
    await deliver(accountId, rawMessage());
    const second = await connect({ Authorization: `Bearer ${token}` });
    second.send({ '@type': 'WebSocketPushEnable', dataTypes: null, pushState: change.pushState });
    const resumed = await second.next();
    expect(resumed['@type']).toBe('StateChange');
    expect(resumed.changed[accountId].Email).not.toBe(change.changed[accountId].Email);
    await second.close();
  });

  it('closes a delegate’s socket once the delegation is revoked', async () => {
    const holder = await makeAccount();
    const delegate = await makeAccount();
    const delegationId = await makeDelegation(
      holder.accountId,
      delegate.person.idNat,
      holder.person.idNat,
    );
    const ws = await connect({
      Cookie: await sessionCookie(delegate.person.idNat),
      Origin: 'http://pli.test',
    });
    ws.send({ '@type': 'WebSocketPushEnable', dataTypes: null });
    await env.DB.prepare('UPDATE delegations SET revoked_at = ? WHERE id = ?')
      .bind(Date.now(), delegationId)
      .run();
    // A delivery wakes the socket at once; it finds the access gone.
    await deliver(holder.accountId, rawMessage());
    expect(await ws.closed()).toBe(1008);
  });

  it('forbids an upgrade without the jmap subprotocol, a session cookie sent from another site, and no credential', async () => {
    const { person, token } = await makeAccount();
    const noProtocol = await exports.default.fetch(WS_URL, {
      headers: { Upgrade: 'websocket', Authorization: `Bearer ${token}` },
    });
    expect(noProtocol.status).toBe(400);
    const crossSite = await exports.default.fetch(WS_URL, {
      headers: {
        Upgrade: 'websocket',
        'Sec-WebSocket-Protocol': 'jmap',
        Cookie: await sessionCookie(person.idNat),
        Origin: 'https://evil.example',
      },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.webSocket).toBeNull();
    const anonymous = await exports.default.fetch(WS_URL, {
      headers: { Upgrade: 'websocket', 'Sec-WebSocket-Protocol': 'jmap' },
    });
    expect(anonymous.status).toBe(401);
  });
});
