import { useEffect, useState } from 'preact/hooks';
import type { CachedAttachment } from '../db.ts';
import { readXdmPackage, type XdmDocument, XdmError } from '../lib/xdm.ts';
import { downloadUrl, showPreview } from '../models/reader.ts';

const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });
const dayTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' });

function dateText(iso: string | null): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return iso.length > 10 ? dayTime.format(date) : day.format(date);
}

/**
 * The documents an `IHE_XDM.zip` holds (title, type, patient, author, date), each CDA
 * N1's embedded PDF shown in the preview; the package itself stays downloadable as is
 * from the attachment list. Fetched and unpacked in the browser when the user asks.
 */
export function StructuredDocuments(props: { account: string; attachment: CachedAttachment }) {
  const { account, attachment } = props;
  const [documents, setDocuments] = useState<XdmDocument[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setDocuments(null);
    setError(null);
    (async () => {
      const response = await fetch(downloadUrl(account, attachment), {
        credentials: 'same-origin',
      });
      if (!response.ok) throw new XdmError('Le paquet IHE XDM n’a pas pu être téléchargé.');
      return readXdmPackage(new Uint8Array(await response.arrayBuffer()));
    })().then(
      (docs) => live && setDocuments(docs),
      (failure: unknown) =>
        live &&
        setError(
          failure instanceof XdmError
            ? failure.message
            : 'Le paquet IHE XDM n’a pas pu être téléchargé.',
        ),
    );
    return () => {
      live = false;
    };
  }, [account, attachment.blobId]);

  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!documents) return <p role="status">Lecture du paquet IHE XDM…</p>;
  if (documents.length === 0) return <p>Ce paquet IHE XDM ne contient aucun document.</p>;
  return (
    <ul class="structured" aria-label="Documents structurés">
      {documents.map((doc, i) => {
        const created = dateText(doc.createdAt);
        const born = dateText(doc.patient.birthDate);
        return (
          <li key={i}>
            <strong>{doc.title}</strong>
            {doc.type && <span class="hint"> — {doc.type}</span>}
            <dl>
              {doc.patient.name && (
                <>
                  <dt>Patient</dt>
                  <dd>
                    {doc.patient.name}
                    {born && `, né(e) le ${born}`}
                    {doc.patient.ins && ` (INS ${doc.patient.ins})`}
                  </dd>
                </>
              )}
              {doc.author && (
                <>
                  <dt>Auteur</dt>
                  <dd>{doc.author}</dd>
                </>
              )}
              {created && (
                <>
                  <dt>Date</dt>
                  <dd>{created}</dd>
                </>
              )}
            </dl>
            {doc.pdf && (
              <button
                type="button"
                class="button"
                aria-label={`Aperçu du PDF de ${doc.title}`}
                onClick={() =>
                  doc.pdf && showPreview(`${doc.title}.pdf`, 'pdf', doc.pdf as BlobPart)
                }
              >
                Aperçu du PDF
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
