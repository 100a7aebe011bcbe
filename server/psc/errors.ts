/**
 * A refused Pro Santé Connect answer. `reason` is a short code for traces and logs (never
 * a token, a claim value or a provider message).
 */
export class PscError extends Error {
  constructor(readonly reason: string) {
    super(`Pro Santé Connect answer refused: ${reason}`);
    this.name = 'PscError';
  }
}
