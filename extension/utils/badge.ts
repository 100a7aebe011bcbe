import { browser } from '#imports';

/** Pli blue, as the icons. */
const BADGE_COLOR = '#1f4e8c';

/** The badge text of an unread count: empty for none, `999+` past 999 (four characters fit). */
export function badgeText(unread: number | null): string {
  if (!unread || unread < 0) return '';
  return unread > 999 ? '999+' : String(unread);
}

/** Shows the unread count of the followed inboxes on the toolbar icon (nothing when unpaired). */
export async function showUnread(unread: number | null): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  await browser.action.setBadgeText({ text: badgeText(unread) });
  await browser.action.setTitle({
    title:
      unread === null
        ? 'Pli'
        : unread === 0
          ? 'Pli — aucun message non lu'
          : `Pli — ${unread} message${unread > 1 ? 's' : ''} non lu${unread > 1 ? 's' : ''}`,
  });
}
