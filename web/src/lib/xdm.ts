import { configure, Uint8ArrayReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';

/**
 * IHE XDM packages (`IHE_XDM.zip`): the documents a structured message carries, read in the
 * browser from the package's XDS metadata (`METADATA.XML`) and its CDA documents, with the
 * PDF a CDA level 1 ("N1") document embeds. Loaded on demand (zip.js stays out of the first
 * load). Bounded: a package over the limits below is refused, never inflated.
 */

/** Limits on what a package may make the browser inflate. */
const MAX_ENTRIES = 200;
const MAX_METADATA_BYTES = 5 * 1024 * 1024;
const MAX_DOCUMENT_BYTES = 30 * 1024 * 1024;
const MAX_TOTAL_BYTES = 60 * 1024 * 1024;

const AUTHOR_SCHEME = 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d';
const TYPE_CODE_SCHEME = 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983';

/** One document of a package, as the reader lists it. */
export interface XdmDocument {
  title: string;
  /** The document type's name (or its code when it has none). */
  type: string | null;
  patient: { name: string | null; birthDate: string | null; ins: string | null };
  author: string | null;
  /** When it was made (ISO 8601), or null. */
  createdAt: string | null;
  /** The PDF a CDA N1 document embeds, or null. */
  pdf: Uint8Array | null;
}

/** Why a package could not be read, in the French the reader shows. */
export class XdmError extends Error {
  constructor(message = 'Le paquet IHE XDM n’a pas pu être lu.') {
    super(message);
    this.name = 'XdmError';
  }
}

const byName = (el: Element | Document, name: string) => [...el.getElementsByTagNameNS('*', name)];

/** The values of the slot `name` directly under `el`. */
function slotValues(el: Element, name: string): string[] {
  const slot = [...el.children].find(
    (c) => c.localName === 'Slot' && c.getAttribute('name') === name,
  );
  return slot ? byName(slot, 'Value').map((v) => v.textContent?.trim() ?? '') : [];
}

function localized(el: Element): string | null {
  const name = [...el.children].find((c) => c.localName === 'Name');
  return name ? (byName(name, 'LocalizedString')[0]?.getAttribute('value') ?? null) : null;
}

/** `YYYYMMDD[hhmm[ss]]` (HL7 DTM, UTC in XDS) → ISO 8601. */
function hl7Date(value: string | undefined): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?/.exec(value ?? '');
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return h ? `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}Z` : `${y}-${mo}-${d}`;
}

/** An HL7 XPN or XCN name (`FAMILY^GIVEN...`, after an id for XCN) as "Given FAMILY". */
function personName(parts: string[]): string | null {
  const [family, given] = parts;
  const name = [given, family].filter((p) => p?.trim()).join(' ');
  return name || null;
}

function parseXml(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) throw new XdmError();
  return doc;
}

/** The PDF embedded in a CDA N1 document, if any. */
function embeddedPdf(cdaText: string): Uint8Array | null {
  const body = byName(parseXml(cdaText), 'nonXMLBody')[0];
  const text = body ? byName(body, 'text')[0] : undefined;
  if (text?.getAttribute('mediaType') !== 'application/pdf') return null;
  if ((text.getAttribute('representation') ?? '').toUpperCase() !== 'B64') return null;
  try {
    const binary = atob((text.textContent ?? '').replace(/\s+/g, ''));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('latin1').decode(bytes.subarray(0, 5)) === '%PDF-' ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * The documents of an IHE XDM package: from each XDS DocumentEntry of its metadata, the
 * title, type, patient, author and date, and the embedded PDF of its CDA.
 *
 * @example
 * const docs = await readXdmPackage(new Uint8Array(await response.arrayBuffer()));
 * docs[0].title; // "Lettre de liaison à la sortie"
 */
export async function readXdmPackage(bytes: Uint8Array): Promise<XdmDocument[]> {
  configure({ useWebWorkers: false });
  const zip = new ZipReader(new Uint8ArrayReader(bytes));
  try {
    let entries: Awaited<ReturnType<typeof zip.getEntries>>;
    try {
      entries = await zip.getEntries();
    } catch {
      throw new XdmError();
    }
    if (entries.length > MAX_ENTRIES)
      throw new XdmError('Le paquet IHE XDM contient trop de fichiers.');
    let inflated = 0;
    const read = async (name: string, max: number): Promise<string | null> => {
      const entry = entries.find((e) => e.filename.toUpperCase() === name.toUpperCase());
      if (!entry || entry.directory) return null;
      inflated += entry.uncompressedSize;
      if (entry.uncompressedSize > max || inflated > MAX_TOTAL_BYTES)
        throw new XdmError('Le paquet IHE XDM est trop volumineux pour être affiché.');
      const data = await entry.getData(new Uint8ArrayWriter());
      return new TextDecoder('utf-8').decode(data);
    };
    const metadataEntry = entries.find((e) => /^IHE_XDM\/[^/]+\/METADATA\.XML$/i.test(e.filename));
    if (!metadataEntry) throw new XdmError('Ce fichier n’est pas un paquet IHE XDM.');
    const folder = metadataEntry.filename.slice(0, metadataEntry.filename.lastIndexOf('/') + 1);
    const metadata = parseXml((await read(metadataEntry.filename, MAX_METADATA_BYTES)) ?? '');
    const documents: XdmDocument[] = [];
    for (const entry of byName(metadata, 'ExtrinsicObject')) {
      const classification = (scheme: string) =>
        [...entry.children].find(
          (c) =>
            c.localName === 'Classification' && c.getAttribute('classificationScheme') === scheme,
        );
      const info = slotValues(entry, 'sourcePatientInfo');
      const pid = (field: string) =>
        info
          .find((v) => v.startsWith(`${field}|`))
          ?.slice(field.length + 1)
          .split('^') ?? [];
      const author = classification(AUTHOR_SCHEME);
      const type = classification(TYPE_CODE_SCHEME);
      const uri = slotValues(entry, 'URI')[0];
      // Only a document of the package's own folder, by its bare file name.
      const cda =
        uri && /^[\w.-]+$/.test(uri) ? await read(folder + uri, MAX_DOCUMENT_BYTES) : null;
      documents.push({
        title: localized(entry) ?? 'Document sans titre',
        type: type ? (localized(type) ?? type.getAttribute('nodeRepresentation')) : null,
        patient: {
          name: personName(pid('PID-5')),
          birthDate: hl7Date(pid('PID-7')[0]),
          ins: slotValues(entry, 'sourcePatientId')[0]?.split('^')[0] || null,
        },
        author: author
          ? personName(slotValues(author, 'authorPerson')[0]?.split('^').slice(1) ?? [])
          : null,
        createdAt: hl7Date(slotValues(entry, 'creationTime')[0]),
        pdf: cda ? embeddedPdf(cda) : null,
      });
    }
    return documents;
  } finally {
    await zip.close().catch(() => undefined);
  }
}
