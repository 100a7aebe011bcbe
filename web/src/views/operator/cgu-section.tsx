import { useState } from 'preact/hooks';
import { cgu } from '../../models/account-notices.ts';
import { cguOutcome, publishCgu, publishedCgu } from '../../models/operator.ts';
import { OutcomeLine } from './outcome-line.tsx';

/**
 * "Conditions générales d'utilisation": the version in force and a new one, published only
 * after a confirmation (every person must then accept it, and is told by email).
 */
export function CguSection() {
  const [version, setVersion] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [confirming, setConfirming] = useState(false);
  const current = publishedCgu.value ?? cgu.value?.current?.version ?? null;
  return (
    <section aria-labelledby="cgu-admin-title">
      <h3 id="cgu-admin-title">Conditions générales d’utilisation</h3>
      <p>{current ? `Version en vigueur : ${current}` : 'Aucune version publiée.'}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setConfirming(true);
        }}
      >
        <label for="cgu-version">Numéro de version</label>
        <input
          id="cgu-version"
          required
          pattern="[0-9A-Za-z._\-]{1,40}"
          value={version}
          onInput={(e) => setVersion(e.currentTarget.value)}
        />
        <label for="cgu-title">Titre</label>
        <input
          id="cgu-title"
          required
          maxLength={200}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <label for="cgu-body">Texte des conditions</label>
        <textarea
          id="cgu-body"
          required
          rows={8}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        {!confirming && (
          <button type="submit" class="button">
            Publier cette version…
          </button>
        )}
      </form>
      {confirming && (
        <div role="alertdialog" aria-labelledby="cgu-confirm-text" class="notice">
          <p id="cgu-confirm-text">
            Publier la version {version} ? Chaque utilisateur devra l’accepter à sa prochaine
            connexion et en sera informé par courriel.
          </p>
          <button
            type="button"
            class="button primary"
            onClick={async () => {
              setConfirming(false);
              if (await publishCgu({ version, title, body })) {
                setVersion('');
                setTitle('');
                setBody('');
              }
            }}
          >
            Confirmer la publication
          </button>{' '}
          <button type="button" class="button" onClick={() => setConfirming(false)}>
            Annuler
          </button>
        </div>
      )}
      <OutcomeLine outcome={cguOutcome.value} />
    </section>
  );
}
