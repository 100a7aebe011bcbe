import { storage } from '#imports';

/** The Pli server this extension talks to (its origin, no trailing slash). */
export const serverUrl = storage.defineItem<string>('local:serverUrl', {
  fallback: 'http://127.0.0.1:8787',
});
