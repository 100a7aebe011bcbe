import { storage } from '#imports';

declare global {
  interface ImportMetaEnv {
    /** The Pli server this build is for (`wxt.config.ts`, from `PLI_SERVER_URL`). */
    readonly PLI_SERVER_URL: string;
  }
}

/** The Pli server this extension talks to (its origin, no trailing slash). */
export const serverUrl = storage.defineItem<string>('local:serverUrl', {
  fallback: import.meta.env.PLI_SERVER_URL,
});
