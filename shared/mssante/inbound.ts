import * as v from 'valibot';

/**
 * The contract of `POST /inbound`, the endpoint a relay MTA posts received mail to.
 *
 * Request: the raw RFC 5322 message as the body, and the headers
 * - `X-Pli-Mail-From`: the SMTP envelope sender (empty for bounces),
 * - `X-Pli-Rcpt-To`: the envelope recipients, comma-separated,
 * - `X-Pli-Timestamp`: Unix seconds; refused beyond 5 minutes from the server's clock,
 * - `X-Pli-Signature`: `sha256=` + hex HMAC-SHA256, keyed with `INBOUND_HMAC_SECRET`, of
 *   `timestamp + "\n" + mailFrom + "\n" + rcptTo + "\n"` followed by the body bytes.
 *
 * Answers: 200 with {@link InboundResponse} (one result per recipient); 401 for a bad or
 * stale signature; 400 for a malformed envelope ({@link InboundEnvelopeSchema}); 403 when
 * the sender is outside the trust space and 413 above 25 MiB (the message is then refused
 * whole).
 *
 * @example
 * const body = (await res.json()) as InboundResponse;
 * const bounced = body.results.filter((r) => r.status === 'failed');
 */
export const INBOUND_HEADERS = {
  mailFrom: 'X-Pli-Mail-From',
  rcptTo: 'X-Pli-Rcpt-To',
  timestamp: 'X-Pli-Timestamp',
  signature: 'X-Pli-Signature',
} as const;

/** The most recipients one `/inbound` request may name (RFC 5321 section 4.5.3.1.8). */
export const INBOUND_MAX_RECIPIENTS = 100;

/** An envelope address: one `@`, no blanks, commas or brackets, at most 320 characters. */
const EnvelopeAddress = v.pipe(v.string(), v.maxLength(320), v.regex(/^[^@\s,<>]+@[^@\s,<>]+$/));

/**
 * The envelope of a signed `/inbound` request, from its headers: the sender (empty for a
 * bounce) and 1 to {@link INBOUND_MAX_RECIPIENTS} recipients. A malformed envelope is
 * refused whole (400), never delivered in part.
 *
 * @example
 * v.parse(InboundEnvelopeSchema, { mailFrom: '', rcptTo: 'a@b.fr, c@d.fr' }).rcptTo; // ['a@b.fr', 'c@d.fr']
 */
export const InboundEnvelopeSchema = v.object({
  mailFrom: v.union([v.literal(''), EnvelopeAddress]),
  rcptTo: v.pipe(
    v.string(),
    v.transform((list) =>
      list
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
    v.array(EnvelopeAddress),
    v.minLength(1),
    v.maxLength(INBOUND_MAX_RECIPIENTS),
  ),
});

/** How far a signed request's timestamp may be from the server's clock. */
export const INBOUND_MAX_SKEW_SECONDS = 300;

export interface InboundRecipientResult {
  recipient: string;
  /** `failed` is permanent: the relay bounces it (5xx). */
  status: 'stored' | 'duplicate' | 'failed';
  /** SMTP reply code and enhanced status, e.g. `250 2.0.0` or `550 5.1.1`. */
  smtp: string;
  /** Why it failed: unknown_recipient, not_local, over_quota, patient_cannot_start... */
  reason?: string;
}

export interface InboundResponse {
  results: InboundRecipientResult[];
}
