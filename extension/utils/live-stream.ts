import * as v from 'valibot';
import { browser } from '#imports';
import { EventStreamParser } from '../../shared/jmap/event-stream.ts';
import { jmapFetch } from './pairing.ts';
import { serverUrl } from './settings.ts';

/**
 * The live stream to Pli where no push service is reachable: JMAP push over EventSource
 * (RFC 8620 section 7.3) read with `fetch` (an MV3 service worker has no `EventSource`, and
 * the token goes in the `Authorization` header, never in the URL). Pli sends a ping event
 * every `PING_SECONDS` while nothing changes; each event read calls an extension API, which
 * keeps Chrome from stopping the worker after 30 s idle. When the stream ends (Pli restarted,
 * network lost) it is opened again after a growing delay; when the worker was stopped
 * anyway, the background's alarm opens it again.
 */

/** The ping interval asked of Pli: below the 30 s after which Chrome stops an idle worker. */
export const PING_SECONDS = 20;
/** The types whose changes matter: new mail, and unread counts (read in the PWA). */
const TYPES = 'Email,Mailbox';
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 60_000;
/** A stream that lived this long was healthy: the next retry starts from the first delay. */
const HEALTHY_MS = 30_000;

const StateChangeSchema = v.object({
  '@type': v.literal('StateChange'),
  changed: v.record(v.string(), v.record(v.string(), v.string())),
});

export interface LiveStreamEvents {
  /** A StateChange arrived (the first one right after opening). */
  onChange(): void;
  /** Whether the stream is open now. */
  onOpen(open: boolean): void;
}

/** The EventSource URL of the session, as a path on the Pli server (null if elsewhere). */
export async function streamPath(template: string): Promise<string | null> {
  const url = new URL(
    template
      .replace('{types}', encodeURIComponent(TYPES))
      .replace('{closeafter}', 'no')
      .replace('{ping}', String(PING_SECONDS)),
  );
  const server = new URL(await serverUrl.getValue());
  // The token goes to the Pli server only.
  if (url.host !== server.host) return null;
  return `${url.pathname}${url.search}`;
}

/** One live stream; `start` keeps it open until `stop`. */
export class LiveStream {
  private controller: AbortController | null = null;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private path: string | null = null;

  constructor(private readonly events: LiveStreamEvents) {}

  /** Whether a stream is open or being opened. */
  get running(): boolean {
    return this.controller !== null;
  }

  /** Opens the stream at `path` (from `streamPath`) unless one is already open. */
  start(path: string): void {
    this.path = path;
    if (this.controller) return;
    clearTimeout(this.retryTimer);
    const controller = new AbortController();
    this.controller = controller;
    void this.read(path, controller).finally(() => {
      if (this.controller !== controller) return;
      this.controller = null;
      this.events.onOpen(false);
      if (controller.signal.aborted) return;
      // Ended by Pli or the network: again after a delay, unless stopped meanwhile.
      this.retryTimer = setTimeout(() => {
        if (this.path) this.start(this.path);
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    });
  }

  /** Closes the stream and stops retrying. */
  stop(): void {
    this.path = null;
    clearTimeout(this.retryTimer);
    const controller = this.controller;
    this.controller = null;
    controller?.abort();
    if (controller) this.events.onOpen(false);
  }

  private async read(path: string, controller: AbortController): Promise<void> {
    const openedAt = Date.now();
    try {
      // A 401 (revoked) unpairs the extension in jmapFetch; the caller then stops the stream.
      const response = await jmapFetch(path, {
        headers: { Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response?.ok || !response.body) {
        await response?.body?.cancel();
        return;
      }
      this.events.onOpen(true);
      const parser = new EventStreamParser((event) => {
        if (event.event !== 'state') return;
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        if (v.is(StateChangeSchema, data)) this.events.onChange();
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(value);
        // Any extension API call resets Chrome's idle timer of the service worker.
        void browser.runtime.getPlatformInfo();
      }
    } catch {
      // Aborted, or the network dropped: `start` decides whether to open it again.
    } finally {
      if (Date.now() - openedAt >= HEALTHY_MS) this.retryMs = RETRY_FIRST_MS;
    }
  }
}
