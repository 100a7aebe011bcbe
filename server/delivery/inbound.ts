import { parseAddress } from '../../shared/mssante/address.ts';
import type { InboundRecipientResult } from '../../shared/mssante/inbound.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { isOperatorDomain, isPatientDomain } from '../../shared/mssante/trust-space.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { headerValue, type RawHeader } from '../mail/mime-tree.ts';
import type { DeliverResult } from '../mailbox/deliver-types.ts';
import { balByAddress } from '../storage/bals.ts';
import { whitelistedDomains } from '../whitelist/store.ts';
import { deliverToBal, prepareMessage } from './mailbox-deliver.ts';
import { addressesOf } from './raw-headers.ts';

export interface InboundInput {
  /** SMTP envelope sender; empty for a bounce. */
  mailFrom: string;
  rcptTo: string[];
  raw: Uint8Array;
}

/** Why a message is refused whole (no recipient gets it). */
export type InboundRefusal =
  | 'too_large'
  | 'too_complex'
  | 'sender_outside_trust_space'
  | 'no_sender';

export type InboundResult =
  | { ok: true; results: InboundRecipientResult[] }
  | { ok: false; refusal: InboundRefusal; smtp: string };

const REFUSALS: Record<InboundRefusal, string> = {
  too_large: '552 5.3.4',
  too_complex: '554 5.6.0',
  sender_outside_trust_space: '550 5.7.1',
  no_sender: '550 5.1.7',
};

function refuse(refusal: InboundRefusal): InboundResult {
  return { ok: false, refusal, smtp: REFUSALS[refusal] };
}

/**
 * Whether every sender domain (the envelope's, when there is one, and the From header's) is
 * in the trust space: an operator domain of Pli, a whitelisted domain, or the patient
 * domain.
 */
async function sendersTrusted(env: Bindings, input: InboundInput, headers: RawHeader[]) {
  const from = addressesOf(headerValue(headers, 'From'));
  const senders = [...from, ...(input.mailFrom.trim() ? [input.mailFrom] : [])];
  const domains = senders.map((s) => parseAddress(s)?.domain ?? null);
  if (from.length === 0 || domains.some((d) => d === null)) return false;
  const operatorDomains = config(env).operatorDomains;
  const others = (domains as string[]).filter(
    (d) => !isOperatorDomain(d, operatorDomains) && !isPatientDomain(d),
  );
  const listed = await whitelistedDomains(env.DB, others);
  return others.every((d) => listed.has(d));
}

function resultOf(recipient: string, result: DeliverResult): InboundRecipientResult {
  switch (result.status) {
    case 'stored':
    case 'duplicate':
      return { recipient, status: result.status, smtp: '250 2.0.0' };
    case 'over_quota':
      return { recipient, status: 'failed', smtp: '552 5.2.2', reason: 'over_quota' };
    case 'refused':
      return {
        recipient,
        status: 'failed',
        smtp:
          result.reason === 'too_large'
            ? '552 5.3.4'
            : result.reason === 'too_complex'
              ? '554 5.6.0'
              : '550 5.7.1',
        reason: result.reason,
      };
  }
}

/** One envelope recipient, as read before anything is delivered. */
type Recipient =
  | { recipient: string; failed: InboundRecipientResult }
  | { recipient: string; address: string; bal: { id: string; quotaBytes: number } };

/** Each distinct envelope recipient with its live BAL (one D1 look-up each), or its failure. */
async function resolveRecipients(env: Bindings, rcptTo: string[]): Promise<Recipient[]> {
  const operatorDomains = config(env).operatorDomains;
  const seen = new Set<string>();
  const pending: Promise<Recipient>[] = [];
  for (const raw of rcptTo) {
    const parsed = parseAddress(raw);
    const recipient = parsed?.address ?? raw.trim();
    if (seen.has(recipient)) continue;
    seen.add(recipient);
    if (!parsed || !isOperatorDomain(parsed.domain, operatorDomains)) {
      const failed = {
        recipient,
        status: 'failed',
        smtp: '550 5.7.1',
        reason: 'not_local',
      } as const;
      pending.push(Promise.resolve({ recipient, failed }));
      continue;
    }
    pending.push(
      balByAddress(env.DB, parsed.address).then((bal): Recipient => {
        if (bal) return { recipient, address: parsed.address, bal };
        const failed = {
          recipient,
          status: 'failed',
          smtp: '550 5.1.1',
          reason: 'unknown_recipient',
        } as const;
        return { recipient, failed };
      }),
    );
  }
  return Promise.all(pending);
}

/**
 * The common path of the `email()` handler and `POST /inbound`: refuses the whole message
 * above 25 MiB, over the MIME structure limits (`too_complex`: nesting, parts, header
 * sizes, see `shared/mssante/limits.ts`) or when a sender is outside the trust space; then delivers to each
 * recipient's BAL (idempotent), answering one result per recipient (an unknown or
 * non-local recipient is a permanent failure). The message is hashed and parsed once, here,
 * whatever the number of recipients; each recipient's DO gets it once; the trust check and
 * the recipients' look-ups go to D1 side by side.
 */
export async function receiveInbound(env: Bindings, input: InboundInput): Promise<InboundResult> {
  if (input.raw.byteLength > MAX_MESSAGE_BYTES) return refuse('too_large');
  const { message, root } = await prepareMessage(input.raw);
  if (message.violation) return refuse('too_complex');
  const headers = root.headers;
  if (!headerValue(headers, 'From')) return refuse('no_sender');
  const [trusted, recipients] = await Promise.all([
    sendersTrusted(env, input, headers),
    resolveRecipients(env, input.rcptTo),
  ]);
  if (!trusted) return refuse('sender_outside_trust_space');

  const mailFrom = parseAddress(input.mailFrom)?.address ?? '';
  const results: InboundRecipientResult[] = [];
  for (const entry of recipients) {
    if ('failed' in entry) {
      results.push(entry.failed);
      continue;
    }
    const delivered = await deliverToBal(env, {
      balId: entry.bal.id,
      raw: input.raw,
      message,
      quotaBytes: entry.bal.quotaBytes,
      mailFrom,
      rcptTo: entry.address,
    });
    results.push(resultOf(entry.recipient, delivered));
  }
  return { ok: true, results };
}
