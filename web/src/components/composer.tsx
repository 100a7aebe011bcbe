import { useEffect, useState } from 'preact/hooks';
import type { CorrespondentItem } from '../../../shared/directory/api.ts';
import { MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import {
  addFiles,
  addRecipient,
  cancel,
  chooseSignature,
  composeError,
  composing,
  correspondents,
  draft,
  dropFile,
  dropKept,
  dropQuote,
  loadCorrespondents,
  parseAddresses,
  send,
  sending,
  suggest,
  suggestions,
  uploading,
} from '../models/composer.ts';
import { attachmentName } from '../models/reader.ts';
import { signatureLabels, signatures } from '../models/signatures.ts';
import { MailFrame } from './mail-frame.tsx';

const MAX_MB = MAX_MESSAGE_BYTES / 1024 / 1024;

function update(patch: Partial<typeof draft.value>) {
  draft.value = { ...draft.value, ...patch };
}

/** How many recent correspondents are offered. */
const RECENTS_SHOWN = 6;

/**
 * « Favoris » and « Récents » under « À », before anything is typed: a click adds the
 * correspondent (those already in « À » are not offered again).
 */
function Correspondents() {
  useEffect(() => {
    void loadCorrespondents();
  }, []);
  const { favourites, recents } = correspondents.value;
  const chosen = new Set(parseAddresses(draft.value.to).map((a) => a.toLowerCase()));
  const favouriteSet = new Set(favourites.map((f) => f.address));
  const offer = (items: CorrespondentItem[]) => items.filter((i) => !chosen.has(i.address));
  const groups = [
    { label: 'Favoris', items: offer(favourites) },
    {
      label: 'Récents',
      items: offer(recents.filter((r) => !favouriteSet.has(r.address))).slice(0, RECENTS_SHOWN),
    },
  ].filter((g) => g.items.length > 0);
  if (groups.length === 0) return null;
  return (
    <div class="correspondents">
      {groups.map((group) => (
        <fieldset key={group.label} class="chips">
          <legend class="hint">{group.label} :</legend>
          {group.items.map((item) => (
            <button
              key={item.address}
              type="button"
              class="chip"
              title={item.address}
              aria-label={`Ajouter ${item.entry?.name ?? item.address}`}
              onClick={() => addRecipient(item.address)}
            >
              {item.entry?.name ?? item.address}
            </button>
          ))}
        </fieldset>
      ))}
    </div>
  );
}

/** « Signature »: the BAL's signatures with a text, or none; shown when there is one. */
function SignatureChoice() {
  const offered = signatures.value.filter((s) => s.text.trim());
  if (offered.length === 0) return null;
  const chosen = draft.value.identityId ?? null;
  const labels = signatureLabels(offered);
  return (
    <label>
      Signature
      <select
        name="signature"
        value={offered.some((s) => s.id === chosen) ? (chosen ?? '') : ''}
        onChange={(e) => chooseSignature(e.currentTarget.value || null)}
      >
        <option value="">Aucune</option>
        {offered.map((s, i) => (
          <option key={s.id} value={s.id}>
            {labels[i]}
          </option>
        ))}
      </select>
    </label>
  );
}

const TITLES = { new: 'Nouveau message', reply: 'Réponse', forward: 'Transfert' } as const;
const kib = (size: number) => `${Math.max(1, Math.round(size / 1024))} Ko`;

/** Files dragged from the desktop (not text or a message row dragged onto the form). */
const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;

/** The attachments' upload while the message is sent, in percent. */
function UploadProgress() {
  const progress = uploading.value;
  if (!progress) return null;
  const percent = Math.min(100, Math.round((progress.sent / progress.total) * 100));
  return (
    <p class="upload-progress">
      <label>
        Envoi des pièces jointes : {percent} %{' '}
        <progress max={progress.total} value={progress.sent} />
      </label>
    </p>
  );
}

/**
 * The message form: recipients with directory suggestions, subject, text, files; for a
 * reply or a forward, the original quoted below and (forward) its attachments kept.
 */
export function Composer() {
  const [dropping, setDropping] = useState(false);
  if (!composing.value) return null;
  const value = draft.value;
  const quote = value.quote;
  return (
    <section
      class={dropping ? 'composer dropping' : 'composer'}
      aria-labelledby="composer-title"
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={(event) => {
        const into = event.relatedTarget as Node | null;
        if (!into || !event.currentTarget.contains(into)) setDropping(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDropping(false);
        addFiles([...(event.dataTransfer?.files ?? [])]);
      }}
    >
      <h2 id="composer-title">{TITLES[value.kind]}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label>
          À
          <input
            type="text"
            name="to"
            list="directory-suggestions"
            autoComplete="off"
            required
            value={value.to}
            onInput={(e) => {
              update({ to: e.currentTarget.value });
              suggest(e.currentTarget.value);
            }}
          />
        </label>
        <Correspondents />
        <datalist id="directory-suggestions">
          {suggestions.value.map((entry) => (
            <option key={entry.address} value={entry.address}>
              {[entry.name, entry.profession, entry.city].filter(Boolean).join(' — ')}
            </option>
          ))}
        </datalist>
        <label>
          Cc
          <input
            type="text"
            name="cc"
            autoComplete="off"
            value={value.cc}
            onInput={(e) => update({ cc: e.currentTarget.value })}
          />
        </label>
        <label>
          Objet
          <input
            type="text"
            name="subject"
            value={value.subject}
            onInput={(e) => update({ subject: e.currentTarget.value })}
          />
        </label>
        <label>
          Message
          <textarea
            name="body"
            rows={10}
            value={value.body}
            onInput={(e) => update({ body: e.currentTarget.value })}
          />
        </label>
        <SignatureChoice />
        {value.kept.length > 0 && (
          <ul
            class="attachments"
            aria-label={
              value.resumedFrom ? 'Pièces jointes du brouillon' : 'Pièces jointes transférées'
            }
          >
            {value.kept.map((file) => (
              <li key={file.blobId}>
                {attachmentName(file)} <span class="hint">({kib(file.size)})</span>{' '}
                <button
                  type="button"
                  class="button"
                  aria-label={`Ne pas transférer ${attachmentName(file)}`}
                  onClick={() => dropKept(file.blobId)}
                >
                  Retirer
                </button>
              </li>
            ))}
          </ul>
        )}
        {quote && (
          <section class="quote" aria-label="Citation">
            <p class="hint quote-intro">{quote.intro}</p>
            {quote.html !== null ? (
              <MailFrame html={quote.html} allowRemote={false} />
            ) : (
              <pre class="plain">{quote.text}</pre>
            )}
            <button type="button" class="button" onClick={dropQuote}>
              Retirer le message d’origine
            </button>
          </section>
        )}
        {value.files.length > 0 && (
          <ul class="attachments" aria-label="Pièces jointes ajoutées">
            {value.files.map((file, index) => (
              <li key={`${index} ${file.name}`}>
                {file.name} <span class="hint">({kib(file.size)})</span>{' '}
                <button
                  type="button"
                  class="button"
                  aria-label={`Retirer ${file.name}`}
                  onClick={() => dropFile(index)}
                >
                  Retirer
                </button>
              </li>
            ))}
          </ul>
        )}
        <label>
          Ajouter des pièces jointes
          <input
            type="file"
            multiple
            onChange={(e) => {
              addFiles([...(e.currentTarget.files ?? [])]);
              // Chosen files are listed above; the field is ready for more.
              e.currentTarget.value = '';
            }}
          />
        </label>
        <p class="hint drop-hint">
          Vous pouvez aussi glisser des fichiers sur ce formulaire ({MAX_MB} Mo au plus en tout).
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={value.readReceipt}
            onChange={(e) => update({ readReceipt: e.currentTarget.checked })}
          />
          Demander un accusé de lecture
        </label>
        <p class="hint">
          Destinataires : professionnels de l’espace de confiance MSSanté ou patients (adresse Mon
          espace santé). Ne transmettez jamais ces messages vers une messagerie non sécurisée.
        </p>
        <UploadProgress />
        {composeError.value && (
          <p class="error" role="alert">
            {composeError.value}
          </p>
        )}
        <p class="actions">
          <button type="submit" class="button primary" disabled={sending.value}>
            {sending.value ? 'Envoi…' : 'Envoyer'}
          </button>
          <button type="button" class="button" onClick={cancel}>
            Annuler
          </button>
        </p>
      </form>
    </section>
  );
}
