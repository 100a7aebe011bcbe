import { TextReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { simplePdf } from '../../../server/dev/demo-mail/pdf.ts';
import { buildXdmPackage, type XdmDocumentInput } from '../../../server/dev/demo-mail/xdm.ts';
import { readXdmPackage } from '../../../web/src/lib/xdm.ts';

const letter: XdmDocumentInput = {
  title: 'Lettre de liaison à la sortie',
  typeCode: '11490-0',
  typeName: 'Lettre de liaison à la sortie d’un établissement de soins',
  patient: { ins: '184077512345657', given: 'Jean', family: 'DUPONT', birthDate: '1984-07-12' },
  author: { idNat: '810100010015', given: 'Claire', family: 'MARTIN' },
  createdAt: new Date('2026-12-01T08:30:00Z'),
  pdf: simplePdf('Lettre de liaison', ['Document fictif.']),
};

async function zipOf(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  for (const [name, text] of Object.entries(files)) await zip.add(name, new TextReader(text));
  return zip.close();
}

describe('readXdmPackage', () => {
  it('lists each document of the package with its title, type, patient, author and date, and its PDF', async () => {
    const [doc, ...rest] = await readXdmPackage(await buildXdmPackage([letter]));
    expect(rest).toEqual([]);
    expect(doc).toMatchObject({
      title: 'Lettre de liaison à la sortie',
      type: 'Lettre de liaison à la sortie d’un établissement de soins',
      patient: { name: 'Jean DUPONT', birthDate: '1984-07-12', ins: '184077512345657' },
      author: 'Claire MARTIN',
      createdAt: '2026-12-01T08:30:00Z',
    });
    expect(doc?.pdf).toEqual(letter.pdf);
  });

  it('refuses what is not an XDM package, and a metadata file too large to inflate', async () => {
    await expect(readXdmPackage(new TextEncoder().encode('pas un zip'))).rejects.toThrow(
      'Le paquet IHE XDM n’a pas pu être lu.',
    );
    await expect(readXdmPackage(await zipOf({ 'README.TXT': 'x' }))).rejects.toThrow(
      'Ce fichier n’est pas un paquet IHE XDM.',
    );
    const bomb = await zipOf({ 'IHE_XDM/SUBSET01/METADATA.XML': 'a'.repeat(6 * 1024 * 1024) });
    expect(bomb.byteLength).toBeLessThan(100_000);
    await expect(readXdmPackage(bomb)).rejects.toThrow('trop volumineux');
  });

  it('never reads a document named outside the package’s folder', async () => {
    const metadata = `<?xml version="1.0"?><rs:SubmitObjectsRequest xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><rim:RegistryObjectList><rim:ExtrinsicObject id="D1"><rim:Slot name="URI"><rim:ValueList><rim:Value>../../SECRET.XML</rim:Value></rim:ValueList></rim:Slot><rim:Name><rim:LocalizedString value="Piège"/></rim:Name></rim:ExtrinsicObject></rim:RegistryObjectList></rs:SubmitObjectsRequest>`;
    const docs = await readXdmPackage(
      await zipOf({ 'IHE_XDM/SUBSET01/METADATA.XML': metadata, 'SECRET.XML': '<x/>' }),
    );
    expect(docs).toEqual([
      {
        title: 'Piège',
        type: null,
        patient: { name: null, birthDate: null, ins: null },
        author: null,
        createdAt: null,
        pdf: null,
      },
    ]);
  });
});
