import * as v from 'valibot';

/**
 * The terms of use (CGU): `GET /api/cgu`, `POST /api/cgu/accept`, and the operator's
 * `POST /api/operator/cgu`.
 *
 * @example
 * const s: CguStatus = await api('/api/cgu');
 * if (s.mustAccept) await api('/api/cgu/accept', { method: 'POST', body: { version: s.current.version } });
 */
export const CguStatusSchema = v.object({
  current: v.nullable(
    v.object({ version: v.string(), title: v.string(), body: v.string(), publishedAt: v.string() }),
  ),
  accepted: v.boolean(),
  /** True when the API refuses this person (`cgu_required`) until they accept. */
  mustAccept: v.boolean(),
});
export type CguStatus = v.InferOutput<typeof CguStatusSchema>;

/** `POST /api/cgu/accept`. */
export const CguAcceptSchema = v.object({
  version: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
});

/** `POST /api/operator/cgu`: a new version, in force at once. */
export const CguPublishSchema = v.object({
  version: v.pipe(v.string(), v.trim(), v.regex(/^[0-9A-Za-z._-]{1,40}$/)),
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  body: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200_000)),
});
export type CguPublish = v.InferOutput<typeof CguPublishSchema>;
