/**
 * The product reference Pli sends in `X-MSS-NIL` on every message it composes or submits
 * (the webmail's composer, its reports, and the SMTP gateway when a client sets none).
 *
 * @example
 * headers.set('X-MSS-NIL', MSS_NIL);
 */
export const MSS_NIL = 'Pli/1.0';
