import type { OutgoingMessage } from './outgoing.ts';

/**
 * What the extension's own pages (the popup, the compose window) ask the background. The
 * background answers them only (never a content script or a web page) and never answers
 * with the token.
 */
export type PopupRequest =
  | { type: 'pair' }
  | { type: 'cancel-pairing' }
  | { type: 'sign-out' }
  | { type: 'check' }
  /** The enabled sites changed: register the page button for them. */
  | { type: 'sync-sites' };

/** What the compose window asks the background. */
export type ComposeRequest =
  | { type: 'compose-send'; id: string; message: OutgoingMessage }
  | { type: 'directory'; query: string }
  | { type: 'correspondents' };

/** The background's answer to a popup request: done, or not. */
export interface PopupAnswer {
  ok: boolean;
}

/** A directory entry as the compose window offers it. */
export interface Correspondent {
  address: string;
  name: string | null;
  detail: string | null;
}

/**
 * The one message a content script sends (from the button of an enabled site): the
 * document's address and the selected passage. The background answers nothing.
 */
export interface PageSendRequest {
  type: 'page-send';
  documentUrl: string;
  selection: string;
}
