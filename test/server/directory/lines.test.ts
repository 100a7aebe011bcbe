import { describe, expect, it } from 'vitest';
import { linesOf } from '../../../server/directory/lines.ts';

function pieces(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of linesOf(stream)) out.push(line);
  return out;
}

describe('linesOf', () => {
  it('splits CRLF and LF lines and keeps a last line without terminator', async () => {
    const bytes = new TextEncoder().encode('a|b\r\nc|d\ne|f');
    expect(await collect(pieces(bytes))).toEqual(['a|b', 'c|d', 'e|f']);
  });

  it('rebuilds a character whose bytes arrive in two chunks', async () => {
    const bytes = new TextEncoder().encode('Lefèvre\nÉlodie\n');
    const cut = 4; // inside the two bytes of "è"
    expect(await collect(pieces(bytes.slice(0, cut), bytes.slice(cut)))).toEqual([
      'Lefèvre',
      'Élodie',
    ]);
  });
});
