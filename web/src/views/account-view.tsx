import { useEffect } from 'preact/hooks';
import { traceLabel } from '../../../shared/account/traces.ts';
import { BalDeletionSection } from '../components/bal-deletion-section.tsx';
import { DelegationSection } from '../components/delegation-section.tsx';
import { DesktopNoticesSection } from '../components/desktop-notices-section.tsx';
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
import { currentBal, me } from '../models/session.ts';

const when = (iso: string) => new Date(iso).toLocaleString('fr-FR');

/**
 * The content of "Paramètres du compte" (the panel is `home-view.tsx`'s, which loads this
 * screen the first time it is opened): délégation, the BAL's absence reply, its filing rules, preferences, the history of the BAL's connections
 * and actions, the export of one's data, and for the holder the BAL's deletion.
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
        <DesktopNoticesSection />
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
                  {when(t.at)} — {traceLabel(t.kind)} — {t.actor?.name ?? 'Pli'}
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
      {holder && (
        <section aria-labelledby="bal-deletion-title">
          <h2 id="bal-deletion-title">Supprimer cette boîte</h2>
          <BalDeletionSection
            address={bal.address}
            last={(me.value?.bals ?? []).filter((b) => b.role === 'holder').length === 1}
          />
        </section>
      )}
      {accountMessage.value && <p role="status">{accountMessage.value}</p>}
      {accountError.value && (
        <p class="error" role="alert">
          {accountError.value}
        </p>
      )}
    </>
  );
}
