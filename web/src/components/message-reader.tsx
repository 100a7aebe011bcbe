import { useEffect, useState } from 'preact/hooks';
import { isMachineAddress } from '../../../shared/mssante/auto-reply.ts';
import { isOnPatientDomain } from '../../../shared/mssante/patient.ts';
import { displaySubject } from '../../../shared/mssante/subject.ts';
import { isXdmPackageName } from '../../../shared/mssante/xdm.ts';
import type { CachedAttachment, EmailAddress } from '../db.ts';
import { addFavourite } from '../lib/directory.ts';
import { textToHtml } from '../lib/mail-text.ts';
import { sanitizeMail } from '../lib/sanitize-mail.ts';
import { forward, reply, resumeDraft } from '../models/composer.ts';
import { accountId, markRead, selectedMailbox, toggleFlag } from '../models/mailbox.ts';
import {
  asksReceipt,
  attachmentName,
  close,
  closePreview,
  declineReceipt,
  downloadUrl,
  inlineImages,
  openBody,
  openEmail,
  preview,
  previewAttachment,
  previewKind,
  readerError,
  receiptNotice,
  remoteAllowed,
  saveAttachment,
  sendReceipt,
} from '../models/reader.ts';
import { ruleDraft, ruleFromEmail, ruleMessage } from '../models/rules.ts';
import { archive, moveTargets, moveTo, trash } from '../models/triage.ts';
import { LazyPending, useLazyComponent } from '../views/lazy.tsx';
import { ConversationPanel } from './conversation.tsx';
import { DeliveryPanel, isSentMessage } from './delivery-panel.tsx';
import { MailFrame } from './mail-frame.tsx';
import { MoveMenu } from './move-menu.tsx';

const loadRuleEditor = () => import('./rules-section.tsx').then((m) => m.RuleEditor);

/** "Créer une règle" from the open message: the rule form, fetched the first time. */
function MessageRuleEditor() {
  const { View, failed } = useLazyComponent(loadRuleEditor);
  return View ? <View /> : <LazyPending failed={failed} />;
}

const loadStructured = () =>
  import('./structured-documents.tsx').then((m) => m.StructuredDocuments);

/** "Documents structurés": what an IHE XDM package holds, unpacked when the user asks. */
function StructuredSection(props: { account: string; attachment: CachedAttachment }) {
  const [wanted, setWanted] = useState(false);
  const { View, failed } = useLazyComponent(loadStructured, wanted);
  return (
    <section class="structured-documents" aria-label="Documents structurés (IHE XDM)">
      <h3>Documents structurés (IHE XDM)</h3>
      {!wanted ? (
        <button type="button" class="button" onClick={() => setWanted(true)}>
          Afficher les documents
        </button>
      ) : View ? (
        <View {...props} />
      ) : (
        <LazyPending failed={failed} />
      )}
    </section>
  );
}

/** « Ajouter aux favoris »: the sender is then offered first in the composer. */
function FavouriteButton({ address }: { address: string }) {
  const [state, setState] = useState<'idle' | 'added' | 'failed'>('idle');
  useEffect(() => setState('idle'), [address]);
  if (state === 'added') return <span class="hint"> — ajouté aux favoris</span>;
  return (
    <>
      {' '}
      <button
        type="button"
        class="button"
        onClick={() =>
          addFavourite(address).then(
            () => setState('added'),
            () => setState('failed'),
          )
        }
      >
        Ajouter aux favoris
      </button>
      {state === 'failed' && (
        <span class="error" role="alert">
          {' '}
          Le favori n’a pas pu être ajouté.
        </span>
      )}
    </>
  );
}

const longDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short' });
const list = (addresses: EmailAddress[] | null | undefined) =>
  (addresses ?? []).map((a) => (a.name ? `${a.name} <${a.email}>` : a.email)).join(', ');
const kib = (size: number) => `${Math.max(1, Math.round(size / 1024))} Ko`;

/** The open message: header, actions, attachments and the sanitized body. */
export function MessageReader() {
  const email = openEmail.value;
  const body = openBody.value;
  const account = accountId.value;
  const [inline, setInline] = useState<Record<string, string>>({});

  useEffect(() => {
    setInline({});
    if (account && body?.attachments.some((a) => a.cid))
      void inlineImages(account, body).then(setInline);
  }, [account, body]);

  if (!email || !account) return null;
  const sanitized = body?.html
    ? sanitizeMail(body.html, { allowRemote: remoteAllowed.value, inline })
    : { html: textToHtml(body?.text ?? ''), blockedRemote: 0, blockedInsecure: 0 };
  const files = body?.attachments.filter((a) => a.disposition !== 'inline' || !a.cid) ?? [];
  // A delivery report or other machine's message: nobody reads a reply to it.
  const fromMachine = (email.from ?? []).some((a) => isMachineAddress(a.email));
  // Written by a delegate for the BAL's holder (RFC 5322 Sender).
  const author = email.from?.[0];
  const writtenBy = body?.sender?.find(
    (s) => author && (s.email !== author.email || (s.name ?? '') !== (author.name ?? '')),
  );

  return (
    <article class="reader" aria-labelledby="reader-subject">
      <header>
        <h2 id="reader-subject">{displaySubject(email.subject) || '(sans objet)'}</h2>
        {account && <ConversationPanel account={account} email={email} />}
        <p>
          <strong>De :</strong> {list(email.from)}
          {email.from?.[0] && !fromMachine && !isOnPatientDomain(email.from[0].email) && (
            <FavouriteButton address={email.from[0].email} />
          )}
        </p>
        {writtenBy && (
          <p class="hint">
            Envoyé par {writtenBy.name || writtenBy.email} pour{' '}
            {email.from?.[0]?.name || email.from?.[0]?.email}
          </p>
        )}
        <p>
          <strong>À :</strong> {list(email.to)}
        </p>
        {body?.cc?.length ? (
          <p>
            <strong>Cc :</strong> {list(body.cc)}
          </p>
        ) : null}
        <p class="hint">{longDate.format(new Date(email.receivedAt))}</p>
        <p class="actions">
          {email.keywords.$draft && (
            <button type="button" class="button primary" onClick={() => resumeDraft(email)}>
              Reprendre le brouillon
            </button>
          )}
          {!fromMachine && (
            <>
              <button type="button" class="button primary" onClick={() => reply(email)}>
                Répondre
              </button>
              <button type="button" class="button" onClick={() => reply(email, { all: true })}>
                Répondre à tous
              </button>
            </>
          )}
          <button type="button" class="button" onClick={() => forward(email)}>
            Transférer
          </button>
          <button type="button" class="button" onClick={() => window.print()}>
            Imprimer
          </button>
          <button type="button" class="button" onClick={() => markRead(email, false)}>
            Marquer comme non lu
          </button>
          <button type="button" class="button" onClick={() => toggleFlag(email)}>
            {email.keywords.$flagged ? 'Ne plus suivre' : 'Suivre'}
          </button>
          <MoveMenu
            targets={moveTargets.value}
            onMove={async (id) => {
              await moveTo([email], id);
              close();
            }}
          />
          {selectedMailbox.value?.role !== 'archive' && (
            <button
              type="button"
              class="button"
              onClick={async () => {
                await archive([email]);
                close();
              }}
            >
              Archiver
            </button>
          )}
          <button
            type="button"
            class="button"
            onClick={async () => {
              await trash([email]);
              close();
            }}
          >
            {selectedMailbox.value?.role === 'trash' ? 'Supprimer définitivement' : 'Supprimer'}
          </button>
          {!email.keywords.$draft && !isSentMessage(email) && (
            <button type="button" class="button" onClick={() => ruleFromEmail(email)}>
              Créer une règle
            </button>
          )}
          <button type="button" class="button" onClick={close}>
            Fermer
          </button>
        </p>
      </header>
      {ruleDraft.value?.from === 'message' && <MessageRuleEditor />}
      {ruleMessage.value && (
        <p class="notice" role="status">
          {ruleMessage.value}
        </p>
      )}
      {isSentMessage(email) && <DeliveryPanel account={account} email={email} />}
      {asksReceipt(email, body) && (
        <p class="notice" role="status">
          L’expéditeur demande un accusé de lecture.{' '}
          <button type="button" class="button" onClick={() => sendReceipt(email)}>
            Envoyer l’accusé de lecture
          </button>{' '}
          <button type="button" class="button" onClick={() => declineReceipt(email)}>
            Ne pas envoyer
          </button>
        </p>
      )}
      {receiptNotice.value && (
        <p class="notice" role="status">
          {receiptNotice.value}
        </p>
      )}
      {readerError.value && (
        <p class="error" role="alert">
          {readerError.value}
        </p>
      )}
      {sanitized.blockedRemote > 0 && (
        <p class="notice" role="status">
          Des contenus distants ont été bloqués pour protéger votre confidentialité.{' '}
          {sanitized.blockedInsecure > 0 && 'Les contenus non sécurisés (http) resteront bloqués. '}
          <button
            type="button"
            class="button"
            onClick={() => {
              remoteAllowed.value = true;
            }}
          >
            Afficher les contenus distants
          </button>
        </p>
      )}
      {sanitized.blockedRemote === 0 && sanitized.blockedInsecure > 0 && (
        <p class="notice" role="status">
          Les contenus non sécurisés (http) restent bloqués.
        </p>
      )}
      {files.length > 0 && (
        <ul class="attachments" aria-label="Pièces jointes">
          {files.map((file) => (
            <li key={file.blobId}>
              <a
                href={downloadUrl(account, file)}
                download={attachmentName(file)}
                onClick={(event) => {
                  event.preventDefault();
                  void saveAttachment(account, file);
                }}
              >
                {attachmentName(file)}
              </a>{' '}
              <span class="hint">({kib(file.size)})</span>
              {previewKind(file) && (
                <>
                  {' '}
                  <button
                    type="button"
                    class="button"
                    aria-label={`Aperçu de ${attachmentName(file)}`}
                    onClick={() => void previewAttachment(account, file)}
                  >
                    Aperçu
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {files
        .filter((file) => isXdmPackageName(file.name))
        .map((file) => (
          <StructuredSection key={file.blobId} account={account} attachment={file} />
        ))}
      <AttachmentPreviewPanel />
      {body && <MailFrame html={sanitized.html} allowRemote={remoteAllowed.value} />}
    </article>
  );
}

/** The attachment previewed in the app: a PDF in the browser's viewer, an image; download beside. */
function AttachmentPreviewPanel() {
  const shown = preview.value;
  if (!shown) return null;
  const title = `Aperçu de ${shown.name}`;
  return (
    <section class="attachment-preview" aria-label={title}>
      <p class="actions">
        <strong>{shown.name}</strong>{' '}
        <a class="button" href={shown.url} download={shown.name}>
          Télécharger
        </a>{' '}
        <button type="button" class="button" onClick={closePreview}>
          Fermer l’aperçu
        </button>
      </p>
      {shown.kind === 'pdf' ? (
        <iframe class="attachment-preview-frame" src={shown.url} title={title} />
      ) : (
        <img class="attachment-preview-image" src={shown.url} alt={title} />
      )}
    </section>
  );
}
