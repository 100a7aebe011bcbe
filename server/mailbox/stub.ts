import type { RecipientDeliveryStatus } from '../../shared/jmap/delivery-status.ts';
import type { Bindings } from '../env.ts';
import type { Args, CallContext } from '../jmap/context.ts';
import type { BlobContent } from './blobs.ts';
import type { DeliverInput, DeliverResult } from './deliver-types.ts';
import type { CallResult, UploadResult } from './mailbox-do.ts';
import type { DataType } from './store.ts';

/**
 * The RPC surface of `MailboxDO` as the Worker sees it. (The generated stub type turns
 * `Record<string, unknown>` results into `never`, so the methods are restated here.)
 */
export interface MailboxRpc {
  deliver(input: DeliverInput): Promise<DeliverResult>;
  noteDelivery(
    submissionId: string,
    recipient: string,
    update: Pick<RecipientDeliveryStatus, 'delivered' | 'smtpReply'>,
  ): Promise<boolean>;
  call(
    ctx: CallContext,
    name: string,
    args: Args,
    createdIds: Record<string, string>,
  ): Promise<CallResult>;
  upload(bytes: Uint8Array, type: string, quotaBytes: number): Promise<UploadResult>;
  blob(blobId: string): Promise<BlobContent | null>;
  states(): Promise<{ modseq: number; states: Record<DataType, string> }>;
  waitForChange(known: number, timeoutMs: number): Promise<number>;
  pushSubscriptionsChanged(): Promise<void>;
  usedBytes(): Promise<number>;
  exportPage(
    after: string,
    limit: number,
  ): Promise<{ id: string; blobId: string; receivedAt: number }[]>;
  erase(): Promise<void>;
}

/** The mailbox DO of a BAL. */
export function mailboxStub(env: Bindings, balId: string): MailboxRpc {
  return env.MAILBOX.get(env.MAILBOX.idFromName(balId)) as unknown as MailboxRpc;
}
