import { describe, expect, it } from 'vitest';
import { SyncLane } from '../../../web/src/models/sync-lane.ts';

/** A sync that waits until released, recording how many ran and how many at once. */
function gatedSync() {
  const releases: (() => void)[] = [];
  const record = { started: 0, concurrent: 0, maxConcurrent: 0 };
  const sync = async () => {
    record.started += 1;
    record.concurrent += 1;
    record.maxConcurrent = Math.max(record.maxConcurrent, record.concurrent);
    await new Promise<void>((resolve) => releases.push(resolve));
    record.concurrent -= 1;
  };
  const release = async () => {
    await expect.poll(() => releases.length).toBeGreaterThan(0);
    releases.shift()?.();
  };
  return { sync, release, record };
}

describe('SyncLane', () => {
  it('coalesces every request made during a sync into one follow-up sync, never two at once', async () => {
    const { sync, release, record } = gatedSync();
    const lane = new SyncLane(sync);
    const first = lane.request();
    const during = [lane.request(), lane.request(), lane.request()];
    await release();
    await first;
    await release();
    await Promise.all(during);
    expect(record.started).toBe(2);
    expect(record.maxConcurrent).toBe(1);
    expect(lane.busy).toBe(false);
  });

  it('settles a request only once a sync started after it has finished', async () => {
    const { sync, release } = gatedSync();
    const lane = new SyncLane(sync);
    void lane.request();
    let settled = false;
    const later = lane.request().then(() => {
      settled = true;
    });
    await release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    await release();
    await later;
    expect(settled).toBe(true);
  });

  it('runs background steps one at a time between syncs, and serves a new request before the next step', async () => {
    const order: string[] = [];
    let steps = 3;
    const lane = new SyncLane(
      async () => {
        order.push('sync');
      },
      async () => {
        order.push('step');
        if (steps === 2) void lane.request();
        steps -= 1;
        return steps > 0;
      },
    );
    await lane.request();
    await expect.poll(() => lane.busy).toBe(false);
    expect(order).toEqual(['sync', 'step', 'step', 'sync', 'step']);
  });

  it('once stopped, starts no further background step until asked again', async () => {
    let steps = 0;
    const lane = new SyncLane(
      async () => {},
      async () => {
        steps += 1;
        if (steps === 2) lane.stop();
        return true;
      },
    );
    await lane.request();
    await expect.poll(() => lane.busy).toBe(false);
    expect(steps).toBe(2);
  });
});
