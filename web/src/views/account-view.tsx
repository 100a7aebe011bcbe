import { useEffect } from 'preact/hooks';
import { DelegationSection } from '../components/delegation-section.tsx';
import { PreferencesSection } from '../components/preferences-section.tsx';
import { RulesSection } from '../components/rules-section.tsx';
import { SignaturesSection } from '../components/signatures-section.tsx';
import { VacationSection } from '../components/vacation-section.tsx';
import {
  accountError,
  accountMessage,
  delegations,
  directoryResults,
  history,
  loadHistory,
} from '../models/account.ts';
import { currentBal } from '../models/session.ts';

/** French names of the kinds of traced actions; unknown kinds are shown as they are. */
const KINDS: Record<string, string> = {
  login: 'Connexion',
  login_failed: 'Échec de connexion',
  logout: 'Déconnexion',
  otp_sent: 'Code à usage unique envoyé',
  mail_sent: 'Message envoyé',
  mail_deleted: 'Message supprimé',
  mail_moved: 'Message déplacé',
  mail_retention: 'Messages retirés (durée de conservation)',
  token_created: 'Appareil ajouté',
  token_revoked: 'Appareil révoqué',
  pairing_approved: 'Appareil autorisé',
  pairing_refused: 'Appareil refusé',
  bal_created: 'Boîte créée',
  delegation_created: 'Délégation ajoutée',
  delegation_revoked: 'Délégation supprimée',
  delegation_end_requested: 'Fin de délégation demandée',
  settings_changed: 'Paramètres modifiés',
  cgu_accepted: 'CGU acceptées',
  mailbox_exported: 'Messages exportés',
};

const when = (iso: string) => new Date(iso).toLocaleString('fr-FR');

/**
 * The content of "Paramètres du compte" (the panel is `home-view.tsx`'s, which loads this
 * screen the first time it is opened): délégation, the BAL's absence reply, its filing rules, preferences, the history of the BAL's connections
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
    <>
      <section aria-labelledby="delegation-title">
        <h2 id="delegation-title">Délégation</h2>
        <DelegationSection bal={bal.address} holder={holder} />
      </section>
      <section aria-labelledby="vacation-title">
        <h2 id="vacation-title">Message d’absence</h2>
        <VacationSection />
      </section>
      <section aria-labelledby="signatures-title">
        <h2 id="signatures-title">Signatures</h2>
        <SignaturesSection />
      </section>
      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Règles de tri</h2>
        <RulesSection />
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
    </>
  );
}
