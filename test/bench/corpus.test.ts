import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { type CorpusMessage, corpus } from '../../bench/corpus.ts';

const to = { name: 'Dr Claire Martin', addr: 'claire.martin@pli.localhost' };
const take = (seed: number, count: number, word?: { word: string; bodies: number }) => [
  ...corpus({ seed, count, to, knownWord: word }),
];
const text = (raw: Uint8Array) => new TextDecoder().decode(raw);

// Generating thousands of messages is slow on a loaded 2-core machine.
describe('bench corpus', { timeout: 120_000 }, () => {
  it('gives the same bytes for the same seed and other mail for another seed', () => {
    const a = take(7, 40);
    const b = take(7, 40);
    expect(a.map((m) => text(m.raw))).toEqual(b.map((m) => text(m.raw)));
    const c = take(8, 40);
    expect(c.map((m) => text(m.raw))).not.toEqual(a.map((m) => text(m.raw)));
  });

  it('places the known word in exactly the asked number of bodies and nowhere else', async () => {
    const messages = take(3, 300, { word: 'ostéodensitométrie', bodies: 37 });
    const hits: CorpusMessage[] = [];
    for (const m of messages) {
      const parsed = await PostalMime.parse(m.raw);
      const found = `${parsed.text ?? ''} ${parsed.html ?? ''}`.includes('ostéodensitométrie');
      expect(found).toBe(m.hasKnownWord);
      if (found) hits.push(m);
    }
    expect(hits).toHaveLength(37);
  });

  it('carries a PDF in about a fifth of the messages and images in some', () => {
    const messages = take(11, 1500);
    const pdfShare = messages.filter((m) => m.hasPdf).length / messages.length;
    expect(pdfShare).toBeGreaterThan(0.16);
    expect(pdfShare).toBeLessThan(0.24);
    expect(messages.filter((m) => m.hasImage).length).toBeGreaterThan(30);
    expect(new Set(messages.map((m) => m.kind))).toEqual(
      new Set(['lab', 'hospital', 'imaging', 'letter', 'reply', 'service']),
    );
  });

  it('has a long-tailed size distribution: most messages small, some large', () => {
    const sizes = take(5, 1000)
      .map((m) => m.raw.length)
      .sort((x, y) => x - y);
    const at = (q: number) => sizes[Math.floor(q * (sizes.length - 1))] ?? 0;
    expect(at(0.5)).toBeLessThan(10_000);
    expect(at(0.5)).toBeGreaterThan(1_000);
    expect(at(0.95)).toBeGreaterThan(40_000);
    expect(at(1)).toBeGreaterThan(150_000);
  });

  it('builds messages that parse, with real PDFs, PNGs and quoted replies in threads', async () => {
    const messages = take(21, 200);
    const ids = new Set<string>();
    let replies = 0;
    for (const m of messages) {
      const parsed = await PostalMime.parse(m.raw);
      expect(parsed.messageId).toBe(m.messageId);
      expect(parsed.from?.address).toBe(m.mailFrom);
      expect(parsed.to?.[0]?.address).toBe(to.addr);
      for (const a of parsed.attachments) {
        const bytes = new Uint8Array(a.content as ArrayBuffer);
        if (a.mimeType === 'application/pdf') {
          expect(text(bytes.subarray(0, 8))).toBe('%PDF-1.4');
          expect(text(bytes.subarray(-6))).toBe('%%EOF\n');
        } else {
          expect(a.mimeType).toBe('image/png');
          expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 13, 10, 0x1a, 10]);
        }
      }
      if (m.inReplyTo) {
        replies++;
        expect(ids.has(m.inReplyTo)).toBe(true);
        expect(parsed.inReplyTo).toBe(m.inReplyTo);
        expect(parsed.subject?.startsWith('Re: ')).toBe(true);
        expect(parsed.text).toMatch(/a écrit :\n> /);
      }
      ids.add(m.messageId);
    }
    expect(replies).toBeGreaterThan(25);
    const dates = messages.map((m) => m.receivedAt);
    expect(dates).toEqual([...dates].sort((x, y) => x - y));
  });
});
