/**
 * The IMAP listeners: STARTTLS on the 143-style port, implicit TLS on the 993-style one.
 * Each connection is an `ImapSession`; a connection's error never stops the gateway.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';
import type { GatewayConfig } from '../config.ts';
import type { TlsMaterial } from '../tls.ts';
import type { WorkerClient } from '../worker-client.ts';
import { ImapSession } from './session.ts';

export interface ImapServerOptions {
  config: GatewayConfig;
  tls: TlsMaterial;
  client: WorkerClient;
  implicitTls: boolean;
}

/** Connections one gateway process takes at once (each holds at most one command). */
export const MAX_IMAP_CONNECTIONS = 1000;

export function createImapServer(options: ImapServerOptions): Server {
  const secureContext = createSecureContext({
    key: options.tls.key,
    cert: options.tls.cert,
    minVersion: 'TLSv1.2',
  });
  const session = (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    new ImapSession(socket, {
      config: options.config,
      client: options.client,
      secureContext,
      implicitTls: options.implicitTls,
    });
  };
  const server = options.implicitTls
    ? createTlsServer(
        { key: options.tls.key, cert: options.tls.cert, minVersion: 'TLSv1.2' },
        session,
      )
    : createServer(session);
  server.maxConnections = MAX_IMAP_CONNECTIONS;
  if (options.implicitTls) server.on('tlsClientError', () => undefined);
  return server;
}
