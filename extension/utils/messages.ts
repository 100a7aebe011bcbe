/**
 * What the popup asks the background. The background answers only the extension's own
 * pages (never a content script or a web page) and never answers with the token.
 */
export type PopupRequest =
  | { type: 'pair' }
  | { type: 'cancel-pairing' }
  | { type: 'sign-out' }
  | { type: 'check' };

/** The background's answer: done, or not. */
export interface PopupAnswer {
  ok: boolean;
}
