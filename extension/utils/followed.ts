import { storage } from '#imports';

/**
 * What the popup shows and sets of the new-mail notifications (no token, no message
 * content): the BALs of the JMAP session with their unread counts, which ones are not
 * followed, whether a notification names the sender, and how the background hears of new
 * mail. Written by the background (`new-mail.ts`), except the two settings the popup sets.
 */

/** A BAL of the session: the person's own or one delegated to them. */
export interface SessionBal {
  /** The JMAP account id. */
  id: string;
  address: string;
  personal: boolean;
  /** Unread messages in its inbox, null until known. */
  unread: number | null;
}

/** How the background hears of new mail now. */
export type WatchMode = 'push' | 'stream' | 'polling';

export const sessionBals = storage.defineItem<SessionBal[]>('local:sessionBals', {
  fallback: [],
});
/** The account ids the person chose not to follow (every BAL is followed at first). */
export const unfollowedBals = storage.defineItem<string[]>('local:unfollowedBals', {
  fallback: [],
});
/** Discreet by default: a notification names the BAL only, never the sender or subject. */
export const notifyShowsSender = storage.defineItem<boolean>('local:notifyShowsSender', {
  fallback: false,
});
export const watchMode = storage.defineItem<WatchMode>('local:watchMode');

/** Whether a BAL is followed (notifications, badge). */
export function isFollowed(bal: Pick<SessionBal, 'id'>, unfollowed: readonly string[]): boolean {
  return !unfollowed.includes(bal.id);
}
