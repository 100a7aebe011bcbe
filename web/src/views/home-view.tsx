import { balUnread } from '../models/bal-unread.ts';
import { consoleOpen } from '../models/operator.ts';
import { currentBal, currentBalId, logout, logoutEverywhere, me } from '../models/session.ts';
import { LazyDetails, LazyPending, useLazyComponent } from './lazy.tsx';
import { MailboxView } from './mailbox-view.tsx';

const loadAccountView = () => import('./account-view.tsx').then((module) => module.AccountView);
const loadSecurity = () => import('./security-view.tsx').then((module) => module.SecurityContent);
const loadOperatorView = () => import('./operator-view.tsx').then((module) => module.OperatorView);

/** The operator console, fetched when an operator opens it (no one else ever loads it). */
function LazyOperatorView() {
  const { View, failed } = useLazyComponent(loadOperatorView);
  return View ? <View /> : <LazyPending failed={failed} />;
}

const ROLE_LABELS = { holder: 'titulaire', delegate: 'délégataire' } as const;

/**
 * The signed-in home: the person, the BALs they may work in (own and delegated), the
 * current BAL's mail (folders, messages, reader), logout; for an operator only, the button
 * to the operator console.
 */
export function HomeView() {
  const person = me.value;
  if (!person) return null;
  const bal = currentBal.value;
  return (
    <main class="home">
      <section aria-labelledby="person-title" class="person">
        <h1 id="person-title">
          {person.givenName} {person.familyName}
        </h1>
        <p class="hint">Identifiant national {person.idNat}</p>
        <p>
          <button type="button" class="button" onClick={logout}>
            Se déconnecter
          </button>{' '}
          <button type="button" class="button" onClick={logoutEverywhere}>
            Se déconnecter partout
          </button>
          {person.kind === 'operator' && !consoleOpen.value && (
            <>
              {' '}
              <button
                type="button"
                class="button primary"
                onClick={() => {
                  consoleOpen.value = true;
                }}
              >
                Console d’exploitation
              </button>
            </>
          )}
        </p>
      </section>
      {person.kind === 'operator' && consoleOpen.value && <LazyOperatorView />}
      <section aria-labelledby="bals-title">
        <h2 id="bals-title">Mes boîtes aux lettres</h2>
        {person.bals.length === 0 ? (
          <p>Aucune boîte aux lettres.</p>
        ) : (
          <ul class="bals">
            {person.bals.map((item) => (
              <li key={item.id}>
                <label class="check">
                  <input
                    type="radio"
                    name="current-bal"
                    checked={item.id === bal?.id}
                    onChange={() => {
                      currentBalId.value = item.id;
                    }}
                  />{' '}
                  {item.displayName && item.displayName !== item.address && (
                    <>{item.displayName} — </>
                  )}
                  {item.address} <span class="hint">({ROLE_LABELS[item.role]})</span>
                  {(balUnread.value[item.id] ?? 0) > 0 && (
                    <span class="count">
                      {' '}
                      {balUnread.value[item.id]}
                      <span class="sr-only"> non lu(s)</span>
                    </span>
                  )}
                </label>
              </li>
            ))}
          </ul>
        )}
      </section>
      {bal && <MailboxView balId={bal.id} address={bal.address} />}
      {person.via === 'session' && <LazyDetails summary="Sécurité du compte" load={loadSecurity} />}
      {bal && <LazyDetails summary="Paramètres du compte" load={loadAccountView} />}
    </main>
  );
}
