import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import {
  accountError,
  accountMessage,
  addDelegate,
  askEndOfDelegation,
  delegations,
  directoryResults,
  history,
  loadDelegations,
  loadHistory,
  loadSettings,
  removeDelegate,
  saveDirectoryChoices,
  saveNewsletter,
  saveNotices,
  searchDirectory,
  settings,
} from '../models/account.ts';
import { currentBal } from '../models/session.ts';

const query = signal('');
const rpps = signal('');

/** French names of the kinds of traced actions; unknown kinds are shown as they are. */
const KINDS: Record<string, string> = {
  login: 'Connexion',
  login_failed: 'Échec de connexion',
  logout: 'Déconnexion',
  otp_sent: 'Code à usage unique envoyé',
  mail_sent: 'Message envoyé',
  mail_deleted: 'Message supprimé',
  mail_moved: 'Message déplacé',
  token_created: 'Appareil ajouté',
  token_revoked: 'Appareil révoqué',
  bal_created: 'Boîte créée',
  delegation_created: 'Délégation ajoutée',
  delegation_revoked: 'Délégation supprimée',
  delegation_end_requested: 'Fin de délégation demandée',
  settings_changed: 'Paramètres modifiés',
  cgu_accepted: 'CGU acceptées',
  mailbox_exported: 'Messages exportés',
};

const when = (iso: string) => new Date(iso).toLocaleString('fr-FR');

/** Délégation: the holder searches the directory or types an RPPS; a delegate may ask to leave. */
function DelegationSection({ bal, holder }: { bal: string; holder: boolean }) {
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

/** Notices, newsletter, directory choices of the current BAL. */
function PreferencesSection({ bal }: { bal: string }) {
  const s = settings.value;
  if (!s) {
    return (
      <button type="button" class="button" onClick={loadSettings}>
        Afficher mes préférences
      </button>
    );
  }
  const choices = s.directory.find((d) => d.address === bal);
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          name="notices"
          checked={s.notices.enabled}
          onChange={(e) => saveNotices(e.currentTarget.checked, s.notices.channel)}
        />{' '}
        M’avertir d’un nouveau message (sans son contenu) à{' '}
        {s.email.address ?? 'mon adresse personnelle'}
      </label>
      {s.mobile && (
        <label class="check">
          <input
            type="checkbox"
            name="notices-sms"
            checked={s.notices.channel === 'sms'}
            onChange={(e) =>
              saveNotices(s.notices.enabled, e.currentTarget.checked ? 'sms' : 'email')
            }
          />{' '}
          Par SMS plutôt que par courriel
        </label>
      )}
      <label class="check">
        <input
          type="checkbox"
          name="newsletter"
          checked={s.newsletter}
          onChange={(e) => saveNewsletter(e.currentTarget.checked)}
        />{' '}
        Recevoir la lettre d’information
      </label>
      {choices && (
        <>
          <label class="check">
            <input
              type="checkbox"
              name="liste-rouge"
              checked={choices.listeRouge}
              onChange={(e) =>
                saveDirectoryChoices(bal, e.currentTarget.checked, choices.publishPhone)
              }
            />{' '}
            Liste rouge : ne pas publier cette boîte dans l’annuaire
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="publish-phone"
              checked={choices.publishPhone}
              onChange={(e) =>
                saveDirectoryChoices(bal, choices.listeRouge, e.currentTarget.checked)
              }
            />{' '}
            Publier mon numéro de téléphone dans l’annuaire
          </label>
        </>
      )}
    </>
  );
}

/**
 * "Paramètres du compte": délégation, preferences, the history of the BAL's connections
 * and actions, the export of one's data.
 */
export function AccountView() {
  const bal = currentBal.value;
  // Another BAL chosen: what was shown belongs to the previous one.
  useEffect(() => {
    delegations.value = null;
    history.value = null;
    directoryResults.value = [];
  }, [bal?.address]);
  if (!bal) return null;
  const holder = bal.role === 'holder';
  return (
    <details class="security">
      <summary>Paramètres du compte</summary>
      <section aria-labelledby="delegation-title">
        <h2 id="delegation-title">Délégation</h2>
        <DelegationSection bal={bal.address} holder={holder} />
      </section>
      <section aria-labelledby="preferences-title">
        <h2 id="preferences-title">Préférences</h2>
        <PreferencesSection bal={bal.address} />
      </section>
      {holder && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">Historique des connexions et des actions</h2>
          {history.value === null ? (
            <button type="button" class="button" onClick={() => loadHistory(bal.address)}>
              Afficher l’historique
            </button>
          ) : (
            <ul>
              {history.value.map((t) => (
                <li key={t.id}>
                  {when(t.at)} — {KINDS[t.kind] ?? t.kind} — {t.actor?.name ?? 'Pli'}
                  {t.device ? ` (${t.device})` : t.via === 'session' ? ' (navigateur)' : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="export-title">
        <h2 id="export-title">Mes données</h2>
        <p>
          <a class="button" href="/api/account/export" download>
            Télécharger mes données (JSON)
          </a>{' '}
          {holder && (
            <a
              class="button"
              href={`/api/account/export/mailbox?bal=${encodeURIComponent(bal.address)}`}
              download
            >
              Télécharger mes messages (.eml dans un .zip)
            </a>
          )}
        </p>
      </section>
      {accountMessage.value && <p role="status">{accountMessage.value}</p>}
      {accountError.value && (
        <p class="error" role="alert">
          {accountError.value}
        </p>
      )}
    </details>
  );
}
