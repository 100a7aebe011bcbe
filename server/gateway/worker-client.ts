import type {
  GatewayLogin,
  GatewayProtocol,
  GatewayRecipientsCheck,
} from '../../shared/gateway.ts';

/** A refusal of the Worker, with the code of its error body (`invalid_credentials`...). */
export class WorkerError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string) {
    super(`worker answered ${status} ${code}`);
    this.status = status;
    this.code = code;
  }
}

/** One JMAP method response: `[name, arguments, call id]`. */
export type Invocation = [string, Record<string, unknown>, string];

export const JMAP_USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
];

/**
 * The gateway's only way to Pli: HTTP calls to the Worker, authenticated by the person's
 * application password (a device token) as a bearer. The token is held in memory for the
 * connection only, never logged.
 */
export class WorkerClient {
  private readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private async call(path: string, token: string, init: RequestInit): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as {
        error?: { code?: string };
        type?: string;
      } | null;
      throw new WorkerError(response.status, body?.error?.code ?? body?.type ?? 'unknown');
    }
    return response;
  }

  private async json<T>(path: string, token: string, body: unknown): Promise<T> {
    const response = await this.call(path, token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }

  /** Checks an address and application password; rate-limited by the Worker. */
  login(address: string, password: string, protocol: GatewayProtocol): Promise<GatewayLogin> {
    return this.json('/api/gateway/login', password, { address, protocol });
  }

  /** The recipients among `addresses` that are outside the trust space, with the reason. */
  checkRecipients(token: string, addresses: string[]): Promise<GatewayRecipientsCheck> {
    return this.json('/api/gateway/recipients', token, { recipients: addresses });
  }

  /** Uploads a raw message as a blob of the account (JMAP upload). */
  async upload(token: string, accountId: string, raw: Uint8Array): Promise<string> {
    const response = await this.call(`/jmap/upload/${encodeURIComponent(accountId)}`, token, {
      method: 'POST',
      headers: { 'Content-Type': 'message/rfc822' },
      body: raw as Uint8Array<ArrayBuffer>,
    });
    return ((await response.json()) as { blobId: string }).blobId;
  }

  /** A blob's bytes (JMAP download): a stored message is served unchanged. */
  async download(token: string, accountId: string, blobId: string): Promise<Buffer> {
    const path = `/jmap/download/${encodeURIComponent(accountId)}/${encodeURIComponent(blobId)}/m.eml?accept=message/rfc822`;
    const response = await this.call(path, token, { method: 'GET' });
    return Buffer.from(await response.arrayBuffer());
  }

  /**
   * The JMAP EventSource (RFC 8620 7.3) as a streaming response, for IDLE; `signal` ends it.
   * Pings every `ping` seconds keep a load balancer from cutting it.
   */
  eventSource(token: string, signal: AbortSignal, ping = 30): Promise<Response> {
    return this.call(`/jmap/eventsource?types=*&closeafter=no&ping=${ping}`, token, {
      method: 'GET',
      headers: { Accept: 'text/event-stream' },
      signal,
    });
  }

  /** One JMAP request; the method responses by call id. */
  async jmap(
    token: string,
    calls: Invocation[],
    using: readonly string[] = JMAP_USING,
  ): Promise<Map<string, Invocation>> {
    const body = await this.json<{ methodResponses: Invocation[] }>('/jmap/api', token, {
      using,
      methodCalls: calls,
    });
    const byId = new Map<string, Invocation>();
    for (const response of body.methodResponses) {
      // An implicit call (onSuccessUpdateEmail's Email/set) shares the id of its parent.
      if (!byId.has(response[2])) byId.set(response[2], response);
      else byId.set(`${response[2]}:${response[0]}`, response);
    }
    return byId;
  }
}
