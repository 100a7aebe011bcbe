/**
 * The outside peers the server tests (in workerd) talk to over 127.0.0.1, started once by
 * the server project's globalSetup: a tiny SMTP relay (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT,
 * DATA with dot-unstuffing; `EHLO login-only.test` is offered AUTH LOGIN alone, `EHLO
 * silent.test` gets no answer) that records
 * what it accepts, and an HTTP server that shows those records, serves a generated
 * whitelist and plays an SMS provider (`POST /sms`; numbers ending in 500 or 400 fail so).
 * The SMTP relay refuses recipients by their local part: `perm-reject` (550 5.1.1) and
 * `temp-reject` (451 4.3.0).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import type { TestProject } from 'vitest/node';
import { whitelistSample } from '../server/whitelist/sample.ts';

export const SMTP_TEST_USER = 'relay-user';
export const SMTP_TEST_PASSWORD = 'relay-pass';

export interface RecordedMail {
  mailFrom: string;
  rcptTo: string[];
  authUser: string | null;
  /** The message as received, dot-unstuffed, base64. */
  data: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testPeers: { smtpPort: number; httpUrl: string };
  }
}

function smtpSession(socket: Socket, mails: RecordedMail[]) {
  let buffer = Buffer.alloc(0);
  let mode: 'command' | 'data' | 'auth-user' | 'auth-pass' = 'command';
  let authUser: string | null = null;
  let loginUser = '';
  let mailFrom = '';
  let rcptTo: string[] = [];
  const reply = (line: string) => socket.write(`${line}\r\n`);
  const checkAuth = (user: string, pass: string) => {
    if (user === SMTP_TEST_USER && pass === SMTP_TEST_PASSWORD) {
      authUser = user;
      reply('235 2.7.0 Authentication successful');
    } else reply('535 5.7.8 Authentication failed');
  };

  const onCommand = (line: string) => {
    const upper = line.toUpperCase();
    if (mode === 'auth-user') {
      loginUser = Buffer.from(line, 'base64').toString();
      mode = 'auth-pass';
      return reply('334 UGFzc3dvcmQ6');
    }
    if (mode === 'auth-pass') {
      mode = 'command';
      return checkAuth(loginUser, Buffer.from(line, 'base64').toString());
    }
    // A client that says EHLO silent.test gets no answer at all (a stalled relay).
    if (upper.startsWith('EHLO SILENT')) return;
    if (upper.startsWith('EHLO')) {
      // A client that says EHLO login-only.test is offered AUTH LOGIN alone.
      const auth = upper.includes('LOGIN-ONLY') ? 'AUTH LOGIN' : 'AUTH PLAIN LOGIN';
      return socket.write(`250-pli-test-relay\r\n250-${auth}\r\n250 8BITMIME\r\n`);
    }
    if (upper.startsWith('AUTH PLAIN ')) {
      const [, user = '', pass = ''] = Buffer.from(line.slice(11), 'base64').toString().split('\0');
      return checkAuth(user, pass);
    }
    if (upper === 'AUTH LOGIN') {
      mode = 'auth-user';
      return reply('334 VXNlcm5hbWU6');
    }
    if (upper.startsWith('MAIL FROM:')) {
      if (!authUser) return reply('530 5.7.0 Authentication required');
      mailFrom = line.slice(10).replace(/[<>]/g, '').trim();
      rcptTo = [];
      return reply('250 2.1.0 OK');
    }
    if (upper.startsWith('RCPT TO:')) {
      const rcpt = line.slice(8).replace(/[<>]/g, '').trim();
      if (rcpt.startsWith('perm-reject@')) return reply('550 5.1.1 No such user');
      if (rcpt.startsWith('temp-reject@')) return reply('451 4.3.0 Try again later');
      rcptTo.push(rcpt);
      return reply('250 2.1.5 OK');
    }
    if (upper === 'DATA') {
      if (rcptTo.length === 0) return reply('554 5.5.1 No valid recipients');
      mode = 'data';
      return reply('354 End data with <CR><LF>.<CR><LF>');
    }
    if (upper === 'QUIT') {
      reply('221 2.0.0 Bye');
      return socket.end();
    }
    if (upper === 'RSET' || upper === 'NOOP') return reply('250 2.0.0 OK');
    return reply('502 5.5.2 Command not recognised');
  };

  reply('220 pli-test-relay ESMTP');
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (mode === 'data') {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        const body = buffer.subarray(0, end + 2).toString('latin1');
        const unstuffed = body.replace(/^\.\./gm, '.');
        buffer = buffer.subarray(end + 5);
        mode = 'command';
        mails.push({
          mailFrom,
          rcptTo,
          authUser,
          data: Buffer.from(unstuffed, 'latin1').toString('base64'),
        });
        reply('250 2.0.0 Queued');
        continue;
      }
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = buffer.subarray(0, end).toString();
      buffer = buffer.subarray(end + 2);
      onCommand(line);
    }
  });
  socket.on('error', () => undefined);
}

/** The globalSetup of the server project. */
export default async function setup(project: TestProject) {
  const mails: RecordedMail[] = [];
  const texts: { authorization: string | null; to: string }[] = [];
  const smtp = createServer((socket) => smtpSession(socket, mails));
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const http = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/smtp/messages') {
      const rcpt = url.searchParams.get('rcpt');
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify(mails.filter((m) => !rcpt || m.rcptTo.includes(rcpt))));
    }
    if (url.pathname === '/sms' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const sms = JSON.parse(body) as { to: string };
        // Numbers ending in 500 or 400 make the provider fail that way.
        if (sms.to.endsWith('500')) res.statusCode = 500;
        else if (sms.to.endsWith('400')) res.statusCode = 400;
        else texts.push({ authorization: req.headers.authorization ?? null, ...sms });
        res.end('{}');
      });
      return;
    }
    if (url.pathname === '/sms/messages') {
      res.setHeader('content-type', 'application/json');
      const to = url.searchParams.get('to');
      return res.end(JSON.stringify(texts.filter((t) => !to || t.to === to)));
    }
    if (url.pathname === '/whitelist.xml') {
      res.setHeader('content-type', 'application/xml');
      return res.end(whitelistSample(Number(url.searchParams.get('count') ?? 300)));
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const smtpAddress = smtp.address();
  const httpAddress = http.address();
  if (
    typeof smtpAddress !== 'object' ||
    !smtpAddress ||
    typeof httpAddress !== 'object' ||
    !httpAddress
  ) {
    throw new Error('test peers did not start');
  }
  project.provide('testPeers', {
    smtpPort: smtpAddress.port,
    httpUrl: `http://127.0.0.1:${httpAddress.port}`,
  });
  return async () => {
    await new Promise((resolve) => smtp.close(resolve));
    await new Promise((resolve) => http.close(resolve));
  };
}
