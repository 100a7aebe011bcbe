import { Hono } from 'hono';
import * as v from 'valibot';
import {
  INBOUND_HEADERS,
  INBOUND_MAX_RECIPIENTS,
  InboundEnvelopeSchema,
  type InboundResponse,
} from '../../shared/mssante/inbound.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { receiveInbound } from '../delivery/inbound.ts';
import { verifyInbound } from '../delivery/inbound-signature.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/** The request body, or null as soon as it grows past `max` bytes (never buffered whole). */
async function readCapped(request: Request, max: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * `POST /inbound`: received mail from a relay MTA, HMAC-signed (see
 * `shared/mssante/inbound.ts` for the contract).
 */
export const inboundRoutes = new Hono<AppEnv>().post('/', async (c) => {
  const secret = c.env.INBOUND_HMAC_SECRET;
  if (!secret) throw new ApiError('unavailable', 'Inbound delivery is not configured.');
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > MAX_MESSAGE_BYTES) throw new ApiError('payload_too_large', 'Message too large.');

  const body = await readCapped(c.req.raw, MAX_MESSAGE_BYTES);
  if (!body) throw new ApiError('payload_too_large', 'Message too large.');
  const parts = {
    timestamp: c.req.header(INBOUND_HEADERS.timestamp) ?? '',
    mailFrom: c.req.header(INBOUND_HEADERS.mailFrom) ?? '',
    rcptTo: c.req.header(INBOUND_HEADERS.rcptTo) ?? '',
    body,
  };
  const signature = c.req.header(INBOUND_HEADERS.signature) ?? '';
  if (!(await verifyInbound(secret, signature, parts))) {
    throw new ApiError('unauthenticated', 'Bad or stale relay signature.');
  }
  const envelope = v.safeParse(InboundEnvelopeSchema, {
    mailFrom: parts.mailFrom,
    rcptTo: parts.rcptTo,
  });
  if (!envelope.success) {
    throw new ApiError(
      'invalid_request',
      `Malformed envelope: 1 to ${INBOUND_MAX_RECIPIENTS} valid recipients and a valid or empty sender.`,
    );
  }
  const { mailFrom, rcptTo } = envelope.output;

  const result = await receiveInbound(c.env, { mailFrom, rcptTo, raw: body });
  if (!result.ok) {
    if (result.refusal === 'too_large')
      throw new ApiError('payload_too_large', 'Message too large.');
    if (result.refusal === 'no_sender') throw new ApiError('invalid_request', 'No sender.');
    if (result.refusal === 'too_complex')
      throw new ApiError(
        'invalid_request',
        'Message refused (554 5.6.0): MIME nesting, part count or header size over the limits.',
      );
    throw new ApiError('forbidden', 'Sender outside the MSSanté trust space.');
  }
  return c.json({ results: result.results } satisfies InboundResponse);
});
