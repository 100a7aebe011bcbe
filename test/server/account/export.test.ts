import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type ZipEntry, zipEntries } from '../../../server/account/export.ts';

async function* tinyEntries(count: number): AsyncGenerator<ZipEntry> {
  const bytes = new TextEncoder().encode('x');
  for (let n = 0; n < count; n++) yield { name: `${n}.eml`, bytes, modifiedAt: 0 };
}

describe('the mailbox ZIP archive', () => {
  it('forbids a 16-bit entry count or 32-bit offsets: the archive ends with ZIP64 records', async () => {
    const count = 300;
    const bytes = new Uint8Array(await new Response(zipEntries(tinyEntries(count))).arrayBuffer());
    const view = new DataView(bytes.buffer);
    // The ZIP64 end of central directory locator sits just before the classic end record.
    const end = bytes.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint32(end - 20, true)).toBe(0x07064b50);
    const zip64End = Number(view.getBigUint64(end - 12, true));
    expect(view.getUint32(zip64End, true)).toBe(0x06064b50);
    expect(view.getBigUint64(zip64End + 32, true)).toBe(BigInt(count));
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toHaveLength(count);
    expect(strFromU8(files['299.eml'] as Uint8Array)).toBe('x');
  });

  it('keeps accented file names, marked as UTF-8', async () => {
    async function* one(): AsyncGenerator<ZipEntry> {
      yield { name: 'compte-rendu-échographie.eml', bytes: new Uint8Array([0x61]), modifiedAt: 0 };
    }
    const bytes = new Uint8Array(await new Response(zipEntries(one())).arrayBuffer());
    expect(Object.keys(unzipSync(bytes))).toEqual(['compte-rendu-échographie.eml']);
  });
});
