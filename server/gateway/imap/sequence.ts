/**
 * IMAP sequence sets (`1:5,7,10:*`, RFC 9051 section 9 `sequence-set`) over a folder's
 * message list, by sequence number or by UID.
 */
import { ImapError } from './protocol.ts';

/** Ranges `[low, high]` of a sequence set, `*` resolved to `largest` (0 in an empty folder). */
export function parseSequenceSet(set: string, largest: number): [number, number][] {
  if (!/^(\d+|\*)(:(\d+|\*))?(,(\d+|\*)(:(\d+|\*))?)*$/.test(set)) {
    throw new ImapError('BAD', 'Ensemble de messages invalide');
  }
  return set.split(',').map((item) => {
    const [a = '', b = a] = item.split(':');
    const low = a === '*' ? largest : Number(a);
    const high = b === '*' ? largest : Number(b);
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new ImapError('BAD', 'Ensemble de messages invalide');
    }
    return low <= high ? [low, high] : [high, low];
  });
}

/** Whether `n` is in the ranges. */
export const inRanges = (ranges: [number, number][], n: number): boolean =>
  ranges.some(([low, high]) => n >= low && n <= high);

/** A compact sequence set of ascending numbers (`1:3,7`), for COPYUID and SEARCH answers. */
export function compactSet(numbers: number[]): string {
  const out: string[] = [];
  let start = -1;
  let previous = -1;
  for (const n of numbers) {
    if (start !== -1 && n === previous + 1) {
      previous = n;
      continue;
    }
    if (start !== -1) out.push(start === previous ? `${start}` : `${start}:${previous}`);
    start = n;
    previous = n;
  }
  if (start !== -1) out.push(start === previous ? `${start}` : `${start}:${previous}`);
  return out.join(',');
}
