import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The `workerd` processes started by this process (through wrangler dev), split in two:
 * `worker`, the runtime that runs Pli's Worker and Durable Objects (the one started with
 * an inspector address), and `proxy`, wrangler's local proxy in front of it, which is dev
 * tooling that production does not have. Measured on this machine, the proxy's resident
 * memory grows by about 34 KiB per proxied request and never shrinks, while the worker's
 * levels off after warm-up: the bench reports them apart so that Pli's figure is Pli's.
 */
export function workerdProcesses(): { worker: number[]; proxy: number[] } {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm: comm ?? '' }));
  const mine = new Set([process.pid]);
  // Parents come before children in ps output only by chance: iterate to a fixed point.
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (mine.has(row.ppid) && !mine.has(row.pid)) {
        mine.add(row.pid);
        grew = true;
      }
    }
  }
  const worker: number[] = [];
  const proxy: number[] = [];
  for (const row of rows) {
    if (!mine.has(row.pid) || row.comm !== 'workerd') continue;
    (commandLine(row.pid).includes('--inspector-addr') ? worker : proxy).push(row.pid);
  }
  return { worker, proxy };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Resident memory of those processes, in MiB (from /proc, cheap enough to sample often). */
export function residentMiB(pids: number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended: it holds no memory.
    }
  }
  return Math.round(kib / 102.4) / 10;
}

/** Runs `work` while sampling the resident memory every 20 ms; the peak seen, in MiB. */
export async function peakDuring(pids: number[], work: () => Promise<void>): Promise<number> {
  let peak = residentMiB(pids);
  const timer = setInterval(() => {
    peak = Math.max(peak, residentMiB(pids));
  }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, residentMiB(pids));
}
