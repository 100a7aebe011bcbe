import {
  addDelegate,
  askEndOfDelegation,
  delegateRpps,
  delegations,
  directoryQuery,
  directoryResults,
  loadDelegations,
  removeDelegate,
  searchDirectory,
} from '../models/account.ts';
import { ConfirmButton } from './confirm-button.tsx';

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
              <ConfirmButton
                label="Supprimer"
                question={`Retirer la délégation de ${d.delegateName} ? Son accès à cette boîte prend fin aussitôt.`}
                confirmLabel="Retirer la délégation"
                onConfirm={() => removeDelegate(bal, d.id)}
              />
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
              searchDirectory(directoryQuery.value);
            }}
          >
            <label>
              Rechercher un professionnel dans l’annuaire
              <input
                name="directory-query"
                value={directoryQuery}
                onInput={(e) => {
                  directoryQuery.value = e.currentTarget.value;
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
              addDelegate(bal, delegateRpps.value.trim());
            }}
          >
            <label>
              Ou saisissez son numéro RPPS
              <input
                name="rpps"
                inputMode="numeric"
                value={delegateRpps}
                onInput={(e) => {
                  delegateRpps.value = e.currentTarget.value;
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
