import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';

/** One document of an IHE XDM package: a CDA R2 level 1 ("N1") carrying a PDF. */
export interface XdmDocumentInput {
  title: string;
  /** LOINC type code and its French name, e.g. `11490-0` "Lettre de liaison à la sortie". */
  typeCode: string;
  typeName: string;
  patient: { ins: string; given: string; family: string; birthDate: string };
  author: { idNat: string; given: string; family: string };
  /** When the document was made. */
  createdAt: Date;
  pdf: Uint8Array;
}

/** The classification schemes of XDS metadata (ITI TF-3 4.2.5). */
const AUTHOR_SCHEME = 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d';
const TYPE_CODE_SCHEME = 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983';
const DOCUMENT_ENTRY = 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1';
/** The OIDs of the INS (NIR) and of the RPPS identifiers in HL7 v2 CX values. */
const INS_OID = '1.2.250.1.213.1.4.8';
const IDNAT_OID = '1.2.250.1.71.4.2.1';

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const hl7Time = (date: Date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
const slot = (name: string, ...values: string[]) =>
  `<rim:Slot name="${name}"><rim:ValueList>${values.map((v) => `<rim:Value>${xml(v)}</rim:Value>`).join('')}</rim:ValueList></rim:Slot>`;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A CDA R2 N1 document: the header, and the PDF as a base64 non-XML body. */
function cda(doc: XdmDocumentInput): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <code code="${xml(doc.typeCode)}" codeSystem="2.16.840.1.113883.6.1" displayName="${xml(doc.typeName)}"/>
  <title>${xml(doc.title)}</title>
  <effectiveTime value="${hl7Time(doc.createdAt)}"/>
  <recordTarget><patientRole><id root="${INS_OID}" extension="${xml(doc.patient.ins)}"/>
    <patient><name><given>${xml(doc.patient.given)}</given><family>${xml(doc.patient.family)}</family></name>
    <birthTime value="${xml(doc.patient.birthDate.replace(/-/g, ''))}"/></patient></patientRole></recordTarget>
  <author><assignedAuthor><id root="${IDNAT_OID}" extension="${xml(doc.author.idNat)}"/>
    <assignedPerson><name><given>${xml(doc.author.given)}</given><family>${xml(doc.author.family)}</family></name></assignedPerson></assignedAuthor></author>
  <component><nonXMLBody><text mediaType="application/pdf" representation="B64">${base64(doc.pdf)}</text></nonXMLBody></component>
</ClinicalDocument>
`;
}

/** The XDS metadata of the package (ebRIM SubmitObjectsRequest), one entry per document. */
function metadata(docs: XdmDocumentInput[]): string {
  const entries = docs.map((doc, i) => {
    const { patient, author } = doc;
    return `<rim:ExtrinsicObject id="Document${i + 1}" mimeType="text/xml" objectType="${DOCUMENT_ENTRY}">
${slot('creationTime', hl7Time(doc.createdAt))}
${slot('sourcePatientId', `${patient.ins}^^^&${INS_OID}&ISO`)}
${slot('sourcePatientInfo', `PID-5|${patient.family}^${patient.given}^^^^^L`, `PID-7|${patient.birthDate.replace(/-/g, '')}`)}
${slot('URI', `DOC${String(i + 1).padStart(4, '0')}.XML`)}
<rim:Name><rim:LocalizedString value="${xml(doc.title)}"/></rim:Name>
<rim:Classification classificationScheme="${AUTHOR_SCHEME}" classifiedObject="Document${i + 1}" nodeRepresentation="">
${slot('authorPerson', `${author.idNat}^${author.family}^${author.given}^^^^^^&${IDNAT_OID}&ISO`)}
</rim:Classification>
<rim:Classification classificationScheme="${TYPE_CODE_SCHEME}" classifiedObject="Document${i + 1}" nodeRepresentation="${xml(doc.typeCode)}">
${slot('codingScheme', '2.16.840.1.113883.6.1')}
<rim:Name><rim:LocalizedString value="${xml(doc.typeName)}"/></rim:Name>
</rim:Classification>
</rim:ExtrinsicObject>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rs:SubmitObjectsRequest xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
<rim:RegistryObjectList>
${entries.join('\n')}
</rim:RegistryObjectList>
</rs:SubmitObjectsRequest>
`;
}

/**
 * An `IHE_XDM.zip` as practice software sends it (IHE ITI XDM: `INDEX.HTM`, `README.TXT`,
 * `IHE_XDM/SUBSET01/METADATA.XML` and one CDA per document), for the demo mail and tests.
 *
 * @example
 * const zip = await buildXdmPackage([{ title: 'Lettre de liaison', typeCode: '11490-0', ... }]);
 */
export async function buildXdmPackage(docs: XdmDocumentInput[]): Promise<Uint8Array> {
  const zip = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  await zip.add('INDEX.HTM', new TextReader('<html><body><p>IHE XDM</p></body></html>'));
  await zip.add('README.TXT', new TextReader('Paquet IHE XDM de démonstration (Pli).'));
  await zip.add('IHE_XDM/SUBSET01/METADATA.XML', new TextReader(metadata(docs)));
  for (const [i, doc] of docs.entries()) {
    await zip.add(
      `IHE_XDM/SUBSET01/DOC${String(i + 1).padStart(4, '0')}.XML`,
      new Uint8ArrayReader(new TextEncoder().encode(cda(doc))),
    );
  }
  return zip.close();
}
