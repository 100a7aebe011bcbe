/**
 * One BAL as the IMAP session sees it: JMAP calls to the Worker with the person's
 * application password and Pli's private capability `urn:pli:params:jmap:imap`
 * (`shared/jmap/imap.ts`). It holds nothing beyond the connection.
 */
import * as v from 'valibot';
import {
  IMAP_CAPABILITY,
  type ImapFolderSyncResponse,
  ImapFolderSyncResponseSchema,
} from '../../../shared/jmap/imap.ts';
import { type Invocation, JMAP_USING, type WorkerClient } from '../worker-client.ts';
import { ImapError } from './protocol.ts';

const USING = [...JMAP_USING, IMAP_CAPABILITY];

/** A JMAP Mailbox with the capability's counters. */
export interface JmapMailbox {
  id: string;
  name: string;
  parentId: string | null;
  role: string | null;
  sortOrder: number;
  totalEmails: number;
  unreadEmails: number;
  isSubscribed: boolean;
  uidValidity: number;
  uidNext: number;
  highestModSeq: number;
}

type Args = Record<string, unknown>;

/** A JMAP method error answered to a call. */
export class JmapMethodError extends Error {
  readonly type: string;
  constructor(type: string) {
    super(`JMAP method error ${type}`);
    this.type = type;
  }
}

export class MailAccount {
  readonly id: string;
  readonly address: string;
  private readonly client: WorkerClient;
  private readonly token: string;

  constructor(client: WorkerClient, token: string, account: { id: string; address: string }) {
    this.client = client;
    this.token = token;
    this.id = account.id;
    this.address = account.address;
  }

  /** Several calls in one request (accountId added); the arguments of each response, in order. */
  async calls(calls: [string, Args][]): Promise<Args[]> {
    const invocations: Invocation[] = calls.map(([name, args], i) => [
      name,
      { accountId: this.id, ...args },
      `c${i}`,
    ]);
    let responses: Map<string, Invocation>;
    try {
      responses = await this.client.jmap(this.token, invocations, USING);
    } catch {
      throw new ImapError('NO', 'Service momentanement indisponible', 'UNAVAILABLE');
    }
    return invocations.map(([, , id]) => {
      const response = responses.get(id);
      if (!response) throw new ImapError('NO', 'Reponse incomplete du service', 'SERVERBUG');
      if (response[0] === 'error') throw new JmapMethodError(String(response[1].type));
      return response[1];
    });
  }

  async call(name: string, args: Args): Promise<Args> {
    const [response] = await this.calls([[name, args]]);
    return response as Args;
  }

  async mailboxes(): Promise<JmapMailbox[]> {
    const response = await this.call('Mailbox/get', {
      properties: [
        'id',
        'name',
        'parentId',
        'role',
        'sortOrder',
        'totalEmails',
        'unreadEmails',
        'isSubscribed',
        'uidValidity',
        'uidNext',
        'highestModSeq',
      ],
    });
    return response.list as JmapMailbox[];
  }

  /** A folder's UIDs, emails, modseqs and keywords (all, or what changed after `since`). */
  async sync(mailboxId: string, since?: number): Promise<ImapFolderSyncResponse | null> {
    try {
      const response = await this.call('ImapFolder/sync', {
        mailboxId,
        ...(since !== undefined ? { sinceModSeq: since } : {}),
      });
      return v.parse(ImapFolderSyncResponseSchema, response);
    } catch (error) {
      if (error instanceof JmapMethodError && error.type === 'cannotCalculateChanges') {
        return since === undefined ? null : this.sync(mailboxId);
      }
      if (error instanceof JmapMethodError && error.type === 'notFound') return null;
      throw error;
    }
  }

  /** Email/get of `ids` with `properties`, in chunks the Worker accepts; by id. */
  async emails(ids: string[], properties: string[]): Promise<Map<string, Args>> {
    const byId = new Map<string, Args>();
    for (let i = 0; i < ids.length; i += 500) {
      const response = await this.call('Email/get', {
        ids: ids.slice(i, i + 500),
        properties: ['id', ...properties],
      });
      for (const email of response.list as Args[]) byId.set(email.id as string, email);
    }
    return byId;
  }

  /** The stored raw message, unchanged. */
  async raw(blobId: string): Promise<Buffer> {
    try {
      return await this.client.download(this.token, this.id, blobId);
    } catch {
      throw new ImapError('NO', 'Message momentanement indisponible', 'UNAVAILABLE');
    }
  }

  async upload(raw: Buffer): Promise<string> {
    try {
      return await this.client.upload(this.token, this.id, raw);
    } catch {
      throw new ImapError('NO', 'Service momentanement indisponible', 'UNAVAILABLE');
    }
  }

  /** The JMAP push stream of this person, for IDLE. */
  events(signal: AbortSignal): Promise<Response> {
    return this.client.eventSource(this.token, signal);
  }
}
