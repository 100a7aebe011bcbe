/**
 * The wire format of `POST /dev/bulk-deliver` (development only): the bench fills BALs of
 * 10,000 and 50,000 messages through each DO's real `deliver`, without paying an HTTP
 * round trip and an HMAC per message. A batch is a sequence of records, each:
 * u32 raw length, f64 receivedAt (ms), u16 mailFrom length (UTF-8), mailFrom, raw bytes.
 * Big-endian throughout. Node (the bench) and the Worker both use this module.
 */
export interface BulkMessage {
  raw: Uint8Array;
  mailFrom: string;
  receivedAt: number;
}

const HEAD = 4 + 8 + 2;

/** The batch holding `messages`, in order. */
export function encodeBulkBatch(messages: BulkMessage[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const froms = messages.map((m) => encoder.encode(m.mailFrom));
  const size = messages.reduce((n, m, i) => n + HEAD + (froms[i]?.length ?? 0) + m.raw.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  messages.forEach((m, i) => {
    const from = froms[i] ?? new Uint8Array();
    view.setUint32(at, m.raw.length);
    view.setFloat64(at + 4, m.receivedAt);
    view.setUint16(at + 12, from.length);
    out.set(from, at + HEAD);
    out.set(m.raw, at + HEAD + from.length);
    at += HEAD + from.length + m.raw.length;
  });
  return out;
}

/** The messages of a batch (views into `batch`, no copies); throws on a truncated record. */
export function decodeBulkBatch(batch: Uint8Array): BulkMessage[] {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const decoder = new TextDecoder();
  const out: BulkMessage[] = [];
  let at = 0;
  while (at < batch.length) {
    if (at + HEAD > batch.length) throw new Error('truncated bulk record');
    const rawLength = view.getUint32(at);
    const receivedAt = view.getFloat64(at + 4);
    const fromLength = view.getUint16(at + 12);
    const end = at + HEAD + fromLength + rawLength;
    if (end > batch.length) throw new Error('truncated bulk record');
    out.push({
      mailFrom: decoder.decode(batch.subarray(at + HEAD, at + HEAD + fromLength)),
      receivedAt,
      raw: batch.subarray(at + HEAD + fromLength, end),
    });
    at = end;
  }
  return out;
}
