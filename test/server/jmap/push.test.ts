import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeDelegation, sessionCookie } from '../support/factories.ts';
import { deliver, type Loose, makeAccount, rawMessage } from '../support/mail.ts';

/** Reads server-sent events from a streaming response, one at a time. */
function events(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event: string; data: Loose } | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
          return { event, data: JSON.parse(data) };
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe('JMAP push over EventSource', () => {
  it('sends the states, then a StateChange when mail arrives', async () => {
    const { token, accountId } = await makeAccount();
    const response = await exports.default.fetch(
      'http://pli.test/jmap/eventsource?types=*&closeafter=no&ping=0',
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(response.headers.get('Content-Type')).toContain('text/event-stream');
    const stream = events(response);
    const first = await stream.next();
    expect(first?.event).toBe('state');
    const before = first?.data.changed[accountId].Email;
    await deliver(accountId, rawMessage());
    const change = await stream.next();
    expect(change?.data['@type']).toBe('StateChange');
    expect(change?.data.changed[accountId].Email).not.toBe(before);
    await stream.cancel();
  });

  it('accepts the access token in the query string, since EventSource cannot set headers', async () => {
    const { token, accountId } = await makeAccount();
    const response = await exports.default.fetch(
      `http://pli.test/jmap/eventsource?types=Email&closeafter=state&ping=0&access_token=${token}`,
    );
    expect(response.status).toBe(200);
    const stream = events(response);
    expect(Object.keys((await stream.next())?.data.changed[accountId])).toEqual(['Email']);
    await deliver(accountId, rawMessage());
    expect((await stream.next())?.event).toBe('state');
    expect(await stream.next()).toBeNull();
  });

  it('closes a delegate’s stream once the delegation is revoked', async () => {
    const holder = await makeAccount();
    const delegate = await makeAccount();
    const delegationId = await makeDelegation(
      holder.accountId,
      delegate.person.idNat,
      holder.person.idNat,
    );
    const response = await exports.default.fetch(
      'http://pli.test/jmap/eventsource?types=*&closeafter=no&ping=1',
      {
        headers: { Cookie: await sessionCookie(delegate.person.idNat) },
      },
    );
    const stream = events(response);
    expect(Object.keys((await stream.next())?.data.changed ?? {})).toContain(holder.accountId);
    await env.DB.prepare('UPDATE delegations SET revoked_at = ? WHERE id = ?')
      .bind(Date.now(), delegationId)
      .run();
    let next = await stream.next();
    while (next && next.event === 'ping') next = await stream.next();
    expect(next).toBeNull();
  });
});
