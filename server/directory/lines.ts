/**
 * Splits a text stream into lines (without their `\n` or `\r\n`), holding at most one
 * partial line in memory: a 100 MB extract streams through in constant space.
 */
export function lineSplitter(): TransformStream<string, string> {
  let rest = '';
  return new TransformStream<string, string>({
    transform(chunk, controller) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) controller.enqueue(part.endsWith('\r') ? part.slice(0, -1) : part);
    },
    flush(controller) {
      const last = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
      if (last !== '') controller.enqueue(last);
    },
  });
}

/** The lines of a UTF-8 byte stream (a request body, an R2 object), one at a time. */
export async function* linesOf(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoderStream('utf-8') as unknown as TransformStream<Uint8Array, string>;
  const reader = body.pipeThrough(decoder).pipeThrough(lineSplitter()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early (a bad header, a failed write): stop reading the body too.
    await reader.cancel().catch(() => undefined);
  }
}
