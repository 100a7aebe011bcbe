import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generate } from 'selfsigned';
import type { GatewayConfig } from './config.ts';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/**
 * The certificate and key of the TLS listeners. In production they come from the files
 * named by the configuration. In development, a self-signed certificate for the gateway's
 * host name, `localhost` and `127.0.0.1` is generated once at the configured paths when
 * they are missing, and reused on later starts (a mail client's exception survives).
 */
export async function loadTls(config: GatewayConfig): Promise<TlsMaterial> {
  const { certPath, keyPath } = config.tls;
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { cert: await readFile(certPath, 'utf8'), key: await readFile(keyPath, 'utf8') };
  }
  if (!config.development) {
    throw new Error('the TLS certificate or key file named by GATEWAY_TLS_CERT/KEY is missing');
  }
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: config.hostname }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: config.hostname },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  await mkdir(dirname(certPath), { recursive: true });
  await mkdir(dirname(keyPath), { recursive: true });
  await writeFile(keyPath, pems.private, { mode: 0o600 });
  await writeFile(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private };
}
