import { signal } from '@preact/signals';
import {
  addDelegate,
  askEndOfDelegation,
  delegations,
  directoryResults,
  loadDelegations,
  removeDelegate,
  searchDirectory,
} from '../models/account.ts';

const query = signal('');
const rpps = signal('');

const when = (iso: string) => new Date(iso).toLocaleString('fr-FR');

/** Délégation: the holder searches the directory or types an RPPS; a delegate may ask to leave. */
export function DelegationSection({ bal, holder }: { bal: string; holder: boolean }) {
  if (delegations.value === null) {
    return (
      <button type="button" class="button" onClick={() => loadDelegations(bal)}>
        Afficher les délégations
      </button>
    );
  }
  return (
    <>
      <ul>
        {delegations.value.length === 0 && <li>Aucun délégataire.</li>}
        {delegations.value.map((d) => (
          <li key={d.id}>
            {d.delegateName} <span class="hint">(depuis le {when(d.createdAt)})</span>{' '}
            {holder ? (
              <button type="button" class="button" onClick={() => removeDelegate(bal, d.id)}>
                Supprimer
              </button>
            ) : (
              <button type="button" class="button" onClick={() => askEndOfDelegation(d.id)}>
                Demander la fin de mon accès
              </button>
            )}
          </li>
        ))}
      </ul>
      {holder && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              searchDirectory(query.value);
            }}
          >
            <label>
              Rechercher un professionnel dans l’annuaire
              <input
                name="directory-query"
                value={query}
                onInput={(e) => {
                  query.value = e.currentTarget.value;
                }}
              />
            </label>
            <button type="submit" class="button">
              Rechercher
            </button>
          </form>
          <ul aria-label="Résultats de l’annuaire">
            {directoryResults.value.map((r) => (
              <li key={r.address}>
                {r.name}{' '}
                <span class="hint">
                  {[r.profession, r.specialty, r.city].filter(Boolean).join(', ')}
                </span>{' '}
                {r.idNat && (
                  <button
                    type="button"
                    class="button"
                    onClick={() => addDelegate(bal, r.idNat as string)}
                  >
                    Ajouter
                  </button>
                )}
              </li>
            ))}
          </ul>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              addDelegate(bal, rpps.value.trim());
            }}
          >
            <label>
              Ou saisissez son numéro RPPS
              <input
                name="rpps"
                inputMode="numeric"
                value={rpps}
                onInput={(e) => {
                  rpps.value = e.currentTarget.value;
                }}
              />
            </label>
            <button type="submit" class="button">
              Ajouter
            </button>
          </form>
        </>
      )}
    </>
  );
}
