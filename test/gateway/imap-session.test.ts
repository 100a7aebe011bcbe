import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayConfig, readGatewayConfig } from '../../server/gateway/config.ts';
import { createImapServer } from '../../server/gateway/imap/server.ts';
import { loadTls } from '../../server/gateway/tls.ts';
import { WorkerClient } from '../../server/gateway/worker-client.ts';

/** A gateway whose Worker is unreachable: these tests never get past the login. */
async function startImap(config: GatewayConfig): Promise<{ server: Server; port: number }> {
  const tls = await loadTls(config);
  const server = createImapServer({
    config,
    tls,
    client: new WorkerClient('http://127.0.0.1:9'),
    implicitTls: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Writes `input` after the greeting; what the server answers until `until` or the close. */
function dialogue(port: number, input: string | Buffer, until: RegExp) {
  return new Promise<{ text: string; closed: boolean }>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let greeted = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, 5000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (!greeted && /^\* OK/m.test(text)) {
        greeted = true;
        socket.write(input);
      } else if (greeted && until.test(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ text, closed: false });
      }
    });
  });
}

describe('the IMAP listener before login', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pli-imap-'));
  let production: { server: Server; port: number };
  let development: { server: Server; port: number };

  beforeAll(async () => {
    const base = {
      GATEWAY_WORKER_URL: 'http://127.0.0.1:9',
      GATEWAY_TLS_CERT: join(dir, 'cert.pem'),
      GATEWAY_TLS_KEY: join(dir, 'key.pem'),
    };
    development = await startImap(readGatewayConfig({ ...base, GATEWAY_ENV: 'development' }));
    production = await startImap(readGatewayConfig(base));
  });

  afterAll(() => {
    production.server.close();
    development.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forbids a password before STARTTLS outside development: LOGINDISABLED, LOGIN and AUTHENTICATE refused', async () => {
    const { text } = await dialogue(
      production.port,
      'a1 CAPABILITY\r\na2 LOGIN "a@b.fr" "secret"\r\na3 AUTHENTICATE PLAIN AGFAYi5mcgBzZWNyZXQ=\r\n',
      /^a3 /m,
    );
    expect(text).toMatch(/^\* CAPABILITY .*STARTTLS.*LOGINDISABLED/m);
    expect(text).not.toMatch(/AUTH=PLAIN/);
    expect(text).toMatch(/^a2 NO \[PRIVACYREQUIRED\]/m);
    expect(text).toMatch(/^a3 NO \[PRIVACYREQUIRED\]/m);
  });

  it('offers AUTH=PLAIN in the clear only in development on loopback', async () => {
    const { text } = await dialogue(development.port, 'a1 CAPABILITY\r\n', /^a1 /m);
    expect(text).toMatch(/^\* CAPABILITY .*AUTH=PLAIN/m);
  });

  it('forbids mail commands before login', async () => {
    const { text } = await dialogue(
      production.port,
      'a1 SELECT INBOX\r\na2 FETCH 1 BODY[]\r\n',
      /^a2 /m,
    );
    expect(text).toMatch(/^a1 BAD /m);
    expect(text).toMatch(/^a2 BAD /m);
  });

  it('answers malformed and unknown commands with BAD and goes on', async () => {
    const { text, closed } = await dialogue(
      production.port,
      'a1 FETCH (\r\na2 FROBNICATE\r\n)(*\r\na4 NOOP\r\n',
      /^a4 /m,
    );
    expect(text).toMatch(/^a1 BAD /m);
    expect(text).toMatch(/^a2 BAD /m);
    expect(text).toMatch(/^a4 OK /m);
    expect(closed).toBe(false);
  });

  it('forbids a 1 MB line: BAD, BYE and the connection closed', async () => {
    const { text, closed } = await dialogue(
      production.port,
      `a1 NOOP ${'x'.repeat(1 << 20)}\r\n`,
      /$^/,
    );
    expect(text).toMatch(/^\* BAD /m);
    expect(text).toMatch(/^\* BYE /m);
    expect(closed).toBe(true);
  });

  it('answers 10,000 pipelined commands in order, reading them as it goes', async () => {
    const commands = Array.from({ length: 10_000 }, (_, i) => `p${i} NOOP\r\n`).join('');
    const { text } = await dialogue(production.port, commands, /^p9999 OK/m);
    const tags = [...text.matchAll(/^(p\d+) OK/gm)].map((m) => m[1]);
    expect(tags).toHaveLength(10_000);
    expect(tags[9999]).toBe('p9999');
  });

  it('forbids a 100 MB literal: refused before it is sent, closed when it is not waited for', async () => {
    const waited = await dialogue(
      production.port,
      'a1 APPEND INBOX {104857600}\r\na2 NOOP\r\n',
      /^a2 /m,
    );
    expect(waited.text).toMatch(/^a1 BAD \[TOOBIG\]/m);
    expect(waited.text).not.toMatch(/^\+ /m);
    expect(waited.text).toMatch(/^a2 OK /m);
    const pushed = await dialogue(production.port, 'a1 APPEND INBOX {104857600+}\r\nabc', /$^/);
    expect(pushed.text).toMatch(/^a1 BAD /m);
    expect(pushed.closed).toBe(true);
  });
});
