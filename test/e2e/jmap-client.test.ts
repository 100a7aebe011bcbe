import JamClient from 'jmap-jam';
import { describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';
import { sendAs } from './lib/jmap.ts';

const baseUrl = inject('baseUrl');

/** Logs a demo person in and creates a device token for them. */
function deviceToken(idNat: string): Promise<{ token: string; address: string }> {
  return demoDeviceToken(baseUrl, idNat, 'jmap-jam test');
}

/** Reads `text/event-stream` events from a fetch response (Node has no EventSource). */
function eventStream(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{
      event: string;
      data: { changed: Record<string, Record<string, string>>; '@type': string };
    }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return {
            event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message',
            data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
          };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** A small PDF holding every byte value, so that any re-encoding would show. */
function pdfBytes(): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode(
    '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n',
  );
  const body = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7 + 3) % 256);
  const tail = new TextEncoder().encode('\nendstream\n%%EOF\n');
  const bytes = new Uint8Array(head.length + body.length + tail.length);
  bytes.set(head);
  bytes.set(body, head.length);
  bytes.set(tail, head.length + body.length);
  return bytes;
}

describe('a JMAP client library written elsewhere (jmap-jam) against Pli', () => {
  it('sends a draft with a PDF to another demo BAL, which is pushed, fetched and downloaded intact', async () => {
    const claire = await deviceToken('810100010015');
    const karim = await deviceToken('810100010023');
    const sender = new JamClient({
      sessionUrl: `${baseUrl}/.well-known/jmap`,
      bearerToken: claire.token,
    });
    const receiver = new JamClient({
      sessionUrl: `${baseUrl}/.well-known/jmap`,
      bearerToken: karim.token,
    });
    const senderAccount = (await sender.getPrimaryAccount()) as string;
    const receiverAccount = (await receiver.getPrimaryAccount()) as string;

    // The recipient listens for pushes (a bearer header, since this is not a browser).
    const session = await receiver.session;
    const url = session.eventSourceUrl
      .replace('{types}', '*')
      .replace('{closeafter}', 'no')
      .replace('{ping}', '0');
    const sse = await fetch(url, { headers: { Authorization: `Bearer ${karim.token}` } });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    const events = eventStream(sse);
    const initial = await events.next();
    const sinceState = initial.data.changed[receiverAccount]?.Email as string;

    // The sender uploads the PDF, creates the draft and submits it, in one request.
    const pdf = pdfBytes();
    const upload = await sender.uploadBlob(
      senderAccount,
      new Blob([pdf], { type: 'application/pdf' }),
    );
    const [mailboxes] = await sender.api.Mailbox.get({ accountId: senderAccount });
    const roleId = (role: string) => mailboxes.list.find((m) => m.role === role)?.id as string;
    const [identities] = await sender.api.Identity.get({ accountId: senderAccount });
    const subject = `Compte rendu de consultation ${crypto.randomUUID().slice(0, 8)}`;
    // The library's types want server-set fields (size, isTruncated...) on a create: the
    // objects below are exactly what RFC 8621 asks a client to send, hence the casts.
    const [sent] = await sender.requestMany((t) => ({
      draft: t.Email.set({
        accountId: senderAccount,
        create: {
          draft: {
            mailboxIds: { [roleId('drafts')]: true },
            keywords: { $draft: true },
            from: [{ name: 'Dr Claire Martin', email: claire.address }],
            to: [{ name: 'Dr Karim Benali', email: karim.address }],
            subject,
            bodyValues: {
              body: {
                value: 'Cher confrère,\nVeuillez trouver ci-joint le compte rendu.\nBien à vous.',
              },
            },
            textBody: [{ partId: 'body', type: 'text/plain' }],
            attachments: [
              {
                blobId: upload.blobId,
                type: 'application/pdf',
                name: 'compte-rendu.pdf',
                disposition: 'attachment',
              },
            ],
          } as never,
        },
      }),
      submission: t.EmailSubmission.set({
        accountId: senderAccount,
        create: { send: { identityId: identities.list[0]?.id as string, emailId: '#draft' } },
        onSuccessUpdateEmail: {
          '#send': {
            [`mailboxIds/${roleId('drafts')}`]: null,
            [`mailboxIds/${roleId('sent')}`]: true,
            'keywords/$draft': null,
          } as never,
        },
      }),
    }));
    // jmap-jam keys responses by call id, so the implicit Email/set of onSuccessUpdateEmail
    // (RFC 8621 7.5: same call id, after EmailSubmission/set) is the one kept here.
    const draftId = (sent.draft as { created?: Record<string, { id: string }> }).created?.draft
      ?.id as string;
    expect((sent.submission as unknown as { updated?: object }).updated).toEqual({
      [draftId]: null,
    });

    // The recipient's stream reports the new Email state.
    let change = await events.next();
    while (change.data.changed?.[receiverAccount]?.Email === undefined)
      change = await events.next();
    expect(change.data['@type']).toBe('StateChange');
    expect(change.data.changed[receiverAccount].Email).not.toBe(sinceState);
    await events.cancel();

    // Email/changes + Email/get in one request, with a result reference.
    const [fetched] = await receiver.requestMany((t) => {
      const changes = t.Email.changes({ accountId: receiverAccount, sinceState });
      const emails = t.Email.get({
        accountId: receiverAccount,
        ids: changes.$ref('/created'),
        properties: ['subject', 'from', 'attachments', 'hasAttachment'],
      });
      return { changes, emails };
    });
    const email = fetched.emails.list.find((e) => e.subject === subject);
    expect(email?.from).toEqual([{ name: 'Dr Claire Martin', email: claire.address }]);
    expect(email?.hasAttachment).toBe(true);
    const attachment = email?.attachments?.find((a) => a.type === 'application/pdf');
    expect(attachment?.name).toBe('compte-rendu.pdf');

    // The downloaded attachment is byte-identical.
    const download = await receiver.downloadBlob({
      accountId: receiverAccount,
      blobId: attachment?.blobId as string,
      mimeType: 'application/pdf',
      fileName: 'compte-rendu.pdf',
    });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
  });
});

/**
 * A JMAP WebSocket (RFC 8887) from Node's own client (undici's WebSocket, which takes
 * headers beside the subprotocols): messages are read one at a time.
 */
function jmapSocket(url: string, token: string) {
  const Client = WebSocket as unknown as new (
    url: string,
    init: { protocols: string[]; headers: Record<string, string> },
  ) => WebSocket;
  const socket = new Client(url, {
    protocols: ['jmap'],
    headers: { Authorization: `Bearer ${token}` },
  });
  const queue: Record<string, unknown>[] = [];
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    const next = waiting.shift();
    if (next) next(message);
    else queue.push(message);
  });
  return {
    opened: new Promise<string>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(socket.protocol));
      socket.addEventListener('error', () => reject(new Error('WebSocket refused')));
    }),
    send: (message: unknown) => socket.send(JSON.stringify(message)),
    next: () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const queued = queue.shift();
        if (queued) resolve(queued);
        else waiting.push(resolve);
      }),
    close: () => socket.close(1000),
  };
}

describe('JMAP over WebSocket through the local stack', () => {
  it('answers a request on the socket and pushes the state change of a message sent meanwhile', async () => {
    const claire = await deviceToken('810100010015');
    const karim = await deviceToken('810100010023');
    const session = (await (
      await fetch(`${baseUrl}/.well-known/jmap`, {
        headers: { Authorization: `Bearer ${karim.token}` },
      })
    ).json()) as {
      capabilities: Record<string, { url?: string }>;
      primaryAccounts: Record<string, string>;
    };
    const url = session.capabilities['urn:ietf:params:jmap:websocket']?.url ?? '';
    const accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'] ?? '';
    const socket = jmapSocket(url, karim.token);
    expect(await socket.opened).toBe('jmap');

    socket.send({
      '@type': 'Request',
      id: 'inbox',
      using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
      methodCalls: [['Mailbox/query', { accountId, filter: { role: 'inbox' } }, 'q']],
    });
    const answer = await socket.next();
    expect(answer).toMatchObject({ '@type': 'Response', requestId: 'inbox' });

    socket.send({ '@type': 'WebSocketPushEnable', dataTypes: ['Email'] });
    await sendAs(baseUrl, claire, karim.address, `Par WebSocket ${Date.now()}`);
    const change = await socket.next();
    expect(change['@type']).toBe('StateChange');
    expect(Object.keys((change.changed as Record<string, object>)[accountId] ?? {})).toEqual([
      'Email',
    ]);
    socket.close();
  });
});
