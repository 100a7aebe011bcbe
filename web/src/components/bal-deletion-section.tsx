import { useState } from 'preact/hooks';
import { deleteMailbox } from '../models/account.ts';

/**
 * « Supprimer cette boîte », for its holder: what goes and what stays, said before; the
 * address typed again to confirm (the button waits for it, and the server checks it too).
 */
export function BalDeletionSection({ address, last }: { address: string; last: boolean }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const matches = typed.trim().toLowerCase() === address.toLowerCase();
  return (
    <form
      aria-label="Supprimer cette boîte"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!matches || busy) return;
        setBusy(true);
        await deleteMailbox(address, typed);
        setBusy(false);
      }}
    >
      <p>
        Tous les messages de <strong>{address}</strong> sont effacés aussitôt, définitivement ; la
        boîte quitte l’Annuaire Santé et ses délégations prennent fin. Les traces de connexion et
        d’actions restent conservées pour la durée prévue par la loi.
      </p>
      {last && (
        <p>
          C’est votre seule boîte : votre compte Pli sera fermé et tous vos appareils déconnectés.
        </p>
      )}
      <p class="hint">
        Pour garder vos messages, téléchargez-les d’abord (« Mes données » ci-dessus).
      </p>
      <label>
        Pour confirmer, saisissez l’adresse de la boîte
        <input
          type="text"
          name="confirm"
          autoComplete="off"
          spellcheck={false}
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </label>
      <p class="actions">
        <button type="submit" class="button danger" disabled={!matches || busy}>
          {busy ? 'Suppression…' : 'Supprimer définitivement la boîte'}
        </button>
      </p>
    </form>
  );
}
