import { parseAddress } from '../../shared/mssante/address.ts';
import type { InboundRecipientResult } from '../../shared/mssante/inbound.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { isOperatorDomain, isPatientDomain } from '../../shared/mssante/trust-space.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { headerValue, inspectMimeTree, type RawHeader } from '../mail/mime-tree.ts';
import type { DeliverResult } from '../mailbox/deliver-types.ts';
import { balByAddress } from '../storage/bals.ts';
import { whitelistedDomains } from '../whitelist/store.ts';
import { deliverToBal } from './mailbox-deliver.ts';
import { addressesOf, readHeaders } from './raw-headers.ts';

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

/**
 * The common path of the `email()` handler and `POST /inbound`: refuses the whole message
 * above 25 MiB, over the MIME structure limits (`too_complex`: nesting, parts, header
 * sizes, see `shared/mssante/limits.ts`) or when a sender is outside the trust space; then delivers to each
 * recipient's BAL (idempotent), answering one result per recipient (an unknown or
 * non-local recipient is a permanent failure).
 */
export async function receiveInbound(env: Bindings, input: InboundInput): Promise<InboundResult> {
  if (input.raw.byteLength > MAX_MESSAGE_BYTES) return refuse('too_large');
  if (inspectMimeTree(input.raw).violation) return refuse('too_complex');
  const headers = readHeaders(input.raw);
  if (!headerValue(headers, 'From')) return refuse('no_sender');
  if (!(await sendersTrusted(env, input, headers))) return refuse('sender_outside_trust_space');

  const operatorDomains = config(env).operatorDomains;
  const mailFrom = parseAddress(input.mailFrom)?.address ?? '';
  const seen = new Set<string>();
  const results: InboundRecipientResult[] = [];
  for (const raw of input.rcptTo) {
    const parsed = parseAddress(raw);
    const recipient = parsed?.address ?? raw.trim();
    if (seen.has(recipient)) continue;
    seen.add(recipient);
    if (!parsed || !isOperatorDomain(parsed.domain, operatorDomains)) {
      results.push({ recipient, status: 'failed', smtp: '550 5.7.1', reason: 'not_local' });
      continue;
    }
    const bal = await balByAddress(env.DB, parsed.address);
    if (!bal) {
      results.push({ recipient, status: 'failed', smtp: '550 5.1.1', reason: 'unknown_recipient' });
      continue;
    }
    const delivered = await deliverToBal(env, {
      balId: bal.id,
      raw: input.raw,
      mailFrom,
      rcptTo: parsed.address,
    });
    results.push(resultOf(recipient, delivered));
  }
  return { ok: true, results };
}
