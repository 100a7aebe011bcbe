/** Whether a key press goes to a field being typed in (no shortcut then). */
export const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.closest('input, textarea, select') !== null);

/** A bare key: no Ctrl, Meta or Alt (those belong to the browser and the system). */
export const bareKey = (event: KeyboardEvent): boolean =>
  !event.ctrlKey && !event.metaKey && !event.altKey;
