/**
 * One account's syncs, one at a time. A request while a sync runs (a push `state` event,
 * an action just queued, the network coming back) is coalesced: however many arrive, they
 * make at most one follow-up sync, started when the running one ends. The promise a
 * request returns settles once a sync that started after the request has finished, so a
 * caller that awaits it sees what it asked for.
 *
 * Between syncs, `background` runs one step at a time (the background fetch of the older
 * headers, `mail-sync.ts`): it returns whether there is more to do, and a new request is
 * served before the next step. Nothing of the lane's work ever runs twice at once.
 */
export class SyncLane {
  private wanted = false;
  private running = false;
  private stopped = false;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly sync: () => Promise<void>,
    private readonly background: () => Promise<boolean> = async () => false,
  ) {}

  /** Asks for a sync; settles when one started after this call has finished. */
  request(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.wanted = true;
      this.stopped = false;
      if (!this.running) void this.loop();
    });
  }

  /** Whether a sync or a background step is under way. */
  get busy(): boolean {
    return this.running;
  }

  /**
   * Pauses the lane (the account is closed): the step under way finishes, nothing more
   * starts until the next request.
   */
  stop(): void {
    this.stopped = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.wanted && !this.stopped) {
        this.wanted = false;
        const served = this.waiting.splice(0);
        try {
          await this.sync();
        } catch {
          // The sync reports its own failures; the lane goes on to the next request.
        } finally {
          for (const resolve of served) resolve();
        }
        while (!this.wanted && !this.stopped) {
          let more = false;
          try {
            more = await this.background();
          } catch {
            more = false;
          }
          if (!more) break;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
