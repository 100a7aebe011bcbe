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
import { signedHead, verifySigned } from '../delivery/inbound-signature.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/**
 * The request body after `head`, in one buffer that starts with `head` (so it can be
 * verified as signed without a copy), or null as soon as the body grows past `max` bytes
 * (never buffered whole). With a Content-Length, the buffer is allocated once at its size.
 */
async function readCapped(
  request: Request,
  head: Uint8Array,
  declared: number,
  max: number,
): Promise<{ signed: Uint8Array; body: Uint8Array } | null> {
  let buffer = new Uint8Array(head.byteLength + (declared > 0 ? declared : 64 * 1024));
  buffer.set(head, 0);
  let length = head.byteLength;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (length - head.byteLength + value.byteLength > max) {
        await reader.cancel();
        return null;
      }
      if (length + value.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(
          Math.min(
            head.byteLength + max,
            Math.max(buffer.byteLength * 2, length + value.byteLength),
          ),
        );
        grown.set(buffer.subarray(0, length), 0);
        buffer = grown;
      }
      buffer.set(value, length);
      length += value.byteLength;
    }
  }
  // Exactly sized, so that handing the body on (RPC copies its whole buffer) copies no slack.
  if (length !== buffer.byteLength) buffer = buffer.slice(0, length);
  return { signed: buffer, body: buffer.subarray(head.byteLength) };
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

  const parts = {
    timestamp: c.req.header(INBOUND_HEADERS.timestamp) ?? '',
    mailFrom: c.req.header(INBOUND_HEADERS.mailFrom) ?? '',
    rcptTo: c.req.header(INBOUND_HEADERS.rcptTo) ?? '',
  };
  const read = await readCapped(
    c.req.raw,
    signedHead(parts),
    Number.isSafeInteger(length) ? length : 0,
    MAX_MESSAGE_BYTES,
  );
  if (!read) throw new ApiError('payload_too_large', 'Message too large.');
  const signature = c.req.header(INBOUND_HEADERS.signature) ?? '';
  if (!(await verifySigned(secret, signature, parts.timestamp, read.signed))) {
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

  const result = await receiveInbound(c.env, { mailFrom, rcptTo, raw: read.body });
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
