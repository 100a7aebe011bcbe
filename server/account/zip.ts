/**
 * A minimal streaming ZIP writer (stored entries, no compression: .eml files are mostly
 * base64 already). One entry is in memory at a time; sizes below 4 GiB (a BAL holds 2 GB).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time of an instant (UTC). */
function dosDateTime(ms: number): { date: number; time: number } {
  const d = new Date(ms);
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
  modifiedAt: number;
}

/**
 * A ZIP archive as a byte stream, pulling entries one by one from `entries`.
 *
 * @example
 * new Response(zipStream(async function* () { yield { name: 'a.eml', bytes, modifiedAt: 0 }; }()));
 */
export function zipStream(entries: AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  const iterator = entries[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        const size = central.reduce((sum, c) => sum + c.length, 0);
        for (const record of central) controller.enqueue(record);
        const end = new DataView(new ArrayBuffer(22));
        end.setUint32(0, 0x06054b50, true);
        end.setUint16(8, count, true);
        end.setUint16(10, count, true);
        end.setUint32(12, size, true);
        end.setUint32(16, offset, true);
        controller.enqueue(new Uint8Array(end.buffer));
        controller.close();
        return;
      }
      const { name, bytes, modifiedAt } = next.value;
      const nameBytes = encoder.encode(name);
      const crc = crc32(bytes);
      const { date, time } = dosDateTime(modifiedAt);
      const local = new DataView(new ArrayBuffer(30));
      local.setUint32(0, 0x04034b50, true);
      local.setUint16(4, 20, true);
      local.setUint16(6, 0x0800, true); // UTF-8 names
      local.setUint16(10, time, true);
      local.setUint16(12, date, true);
      local.setUint32(14, crc, true);
      local.setUint32(18, bytes.length, true);
      local.setUint32(22, bytes.length, true);
      local.setUint16(26, nameBytes.length, true);
      const record = new DataView(new ArrayBuffer(46));
      record.setUint32(0, 0x02014b50, true);
      record.setUint16(4, 20, true);
      record.setUint16(6, 20, true);
      record.setUint16(8, 0x0800, true);
      record.setUint16(12, time, true);
      record.setUint16(14, date, true);
      record.setUint32(16, crc, true);
      record.setUint32(20, bytes.length, true);
      record.setUint32(24, bytes.length, true);
      record.setUint16(28, nameBytes.length, true);
      record.setUint32(42, offset, true);
      const header = new Uint8Array(record.buffer);
      const entry = new Uint8Array(header.length + nameBytes.length);
      entry.set(header);
      entry.set(nameBytes, header.length);
      central.push(entry);
      controller.enqueue(new Uint8Array(local.buffer));
      controller.enqueue(nameBytes);
      controller.enqueue(bytes);
      offset += 30 + nameBytes.length + bytes.length;
      count += 1;
    },
  });
}
