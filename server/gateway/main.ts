/**
 * The IMAP/SMTP gateway's entry point (`node server/gateway/main.ts`): reads the
 * configuration from the environment, starts the SMTP submission and IMAP listeners,
 * prints one JSON line `{"ready":true,...ports}` on stdout, and stops cleanly on
 * SIGTERM/SIGINT.
 */
import type { AddressInfo, Server } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { readGatewayConfig } from './config.ts';
import { createImapServer } from './imap/server.ts';
import { createSubmissionServer } from './smtp.ts';
import { loadTls } from './tls.ts';
import { WorkerClient } from './worker-client.ts';

const config = readGatewayConfig(process.env);
const tls = await loadTls(config);
const client = new WorkerClient(config.workerUrl);

function listen(server: SMTPServer | Server, port: number): Promise<number> {
  const net = 'server' in server ? server.server : server;
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, config.listenHost, () => {
      resolve((net.address() as AddressInfo).port);
    });
  });
}

const smtp = createSubmissionServer({ config, tls, client, implicitTls: false });
const smtps = createSubmissionServer({ config, tls, client, implicitTls: true });
const imap = createImapServer({ config, tls, client, implicitTls: false });
const imaps = createImapServer({ config, tls, client, implicitTls: true });
const ports = {
  smtp: await listen(smtp, config.ports.smtp),
  smtps: await listen(smtps, config.ports.smtps),
  imap: await listen(imap, config.ports.imap),
  imaps: await listen(imaps, config.ports.imaps),
};
// After start-up, a connection's error never stops the gateway.
for (const server of [smtp, smtps, imap, imaps] as (SMTPServer | Server)[]) {
  server.removeAllListeners('error');
  server.on('error', (error: Error) => console.error(`gateway: ${error.name}`));
}

process.stdout.write(
  `${JSON.stringify({ ready: true, host: config.listenHost, ...ports, certPath: config.tls.certPath })}\n`,
);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  let open = 4;
  const done = () => {
    open -= 1;
    if (open === 0) process.exit(0);
  };
  smtp.close(done);
  smtps.close(done);
  imap.close(done);
  imaps.close(done);
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
