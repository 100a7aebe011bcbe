import { useEffect, useState } from 'preact/hooks';
import { accountId } from '../models/mailbox.ts';
import {
  addSignature,
  deleteSignature,
  loadSignatures,
  makeDefaultSignature,
  type Signature,
  saveSignature,
  signatureError,
  signatureLabel,
  signatureNotice,
  signatures,
} from '../models/signatures.ts';
import { Feedback } from './feedback.tsx';

/** One signature: its text, edited in place; the default mark; deletion. */
function SignatureItem({ signature, index }: { signature: Signature; index: number }) {
  const [text, setText] = useState(signature.text);
  useEffect(() => setText(signature.text), [signature.text]);
  const label = `Signature ${index + 1}`;
  return (
    <li>
      <label>
        {label}
        <textarea rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <p class="actions">
        <label class="check">
          <input
            type="radio"
            name="default-signature"
            checked={signature.isDefault}
            onChange={() => void makeDefaultSignature(signature.id)}
          />{' '}
          Par défaut
        </label>{' '}
        <button
          type="button"
          class="button"
          disabled={text === signature.text}
          aria-label={`Enregistrer la ${label.toLowerCase()}`}
          onClick={() => void saveSignature(signature.id, text)}
        >
          Enregistrer
        </button>
        {signature.mayDelete && (
          <>
            {' '}
            <button
              type="button"
              class="button"
              aria-label={`Supprimer la signature « ${signatureLabel(signature)} »`}
              onClick={() => void deleteSignature(signature.id)}
            >
              Supprimer
            </button>
          </>
        )}
      </p>
    </li>
  );
}

/**
 * « Signatures » of the BAL: several, one of them the default the composer starts with;
 * a signature is added, edited, chosen as default or deleted here.
 */
export function SignaturesSection() {
  const account = accountId.value;
  const [draft, setDraft] = useState('');
  useEffect(() => {
    // Fresh from the server each time the settings are opened (another client may edit them).
    if (account) void loadSignatures(true);
  }, [account]);
  const written = signatures.value.filter((s) => s.text.trim());
  return (
    <div class="signatures">
      <p class="hint">
        La signature par défaut est placée sous chaque nouveau message ; une autre peut être choisie
        dans le message.
      </p>
      <Feedback notice={signatureNotice.value} error={signatureError.value} />
      {written.length === 0 ? (
        <p>Aucune signature.</p>
      ) : (
        <ul aria-label="Signatures">
          {written.map((s, i) => (
            <SignatureItem key={s.id} signature={s} index={i} />
          ))}
        </ul>
      )}
      <form
        aria-label="Nouvelle signature"
        onSubmit={async (event) => {
          event.preventDefault();
          if (draft.trim() && (await addSignature(draft))) setDraft('');
        }}
      >
        <label>
          Nouvelle signature
          <textarea rows={4} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        </label>
        <p class="actions">
          <button type="submit" class="button">
            Ajouter la signature
          </button>
        </p>
      </form>
    </div>
  );
}
