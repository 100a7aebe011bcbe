import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The pids of the `workerd` processes started by this process (through wrangler dev). */
export function workerdPids(): number[] {
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
  return rows.filter((r) => mine.has(r.pid) && r.comm === 'workerd').map((r) => r.pid);
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
