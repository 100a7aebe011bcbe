/**
 * valibot schemas of the JMAP envelopes (RFC 8620 sections 3.2 to 3.4), for both ends: the
 * server checks a request before dispatching it, the webmail checks a response before
 * reading it. Method arguments stay objects here; each method checks its own.
 *
 * @example
 * v.is(JmapResponseSchema, { methodResponses: [['Core/echo', {}, 'a']], sessionState: 's' }); // true
 */
import * as v from 'valibot';

/** A JSON object (valibot's record would also take an array, and copy it into an object). */
export const JsonObjectSchema = v.custom<Record<string, unknown>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'an object',
);

/** One method call or response: `[name, arguments, call id]`. */
export const InvocationSchema = v.tuple([v.string(), JsonObjectSchema, v.string()]);

/** A JMAP request (RFC 8620 section 3.3). */
export const JmapRequestSchema = v.object({
  using: v.array(v.string()),
  methodCalls: v.array(InvocationSchema),
  createdIds: v.optional(v.record(v.string(), v.string())),
});

/** A JMAP response (RFC 8620 section 3.4). */
export const JmapResponseSchema = v.object({
  methodResponses: v.array(InvocationSchema),
  sessionState: v.string(),
  createdIds: v.optional(v.record(v.string(), v.string())),
});

/** The upload answer (RFC 8620 section 6.1). */
export const UploadResponseSchema = v.object({
  accountId: v.string(),
  blobId: v.string(),
  type: v.string(),
  size: v.number(),
});
