import { signal } from '@preact/signals';
import { browser } from '#imports';
import { composeLink } from '../../../shared/message-link.ts';
import { EMERGENCY_NOTICE } from '../../../shared/notices.ts';
import {
  isFollowed,
  notifyShowsSender,
  type SessionBal,
  sessionBals,
  unfollowedBals,
  type WatchMode,
  watchMode,
} from '../../utils/followed.ts';
import type { PopupRequest } from '../../utils/messages.ts';
import {
  type PairedAccount,
  type PairingProblem,
  pairedAccount,
  pairingInProgress,
  pairingProblem,
} from '../../utils/pairing.ts';
import { serverUrl } from '../../utils/settings.ts';
import { enabledSiteList, enabledSites, siteOrigin, sitePattern } from '../../utils/sites.ts';

const server = signal<string | null>(null);
const account = signal<PairedAccount | null>(null);
/** The waiting pairing as the popup shows it: the user code and the page to approve it. */
const waiting = signal<{ userCode: string; page: string } | null>(null);
const problem = signal<PairingProblem | null>(null);
const busy = signal(false);
const bals = signal<SessionBal[]>([]);
const unfollowed = signal<string[]>([]);
const showSender = signal(false);
const mode = signal<WatchMode | null>(null);
/** The practice software sites the person enabled (optional host permissions granted). */
const sites = signal<string[]>([]);
/** The site address typed (at first the tab the popup was opened on, if any). */
const siteInput = signal('');
const siteProblem = signal<string | null>(null);

const MODES: Record<WatchMode, string> = {
  push: 'Notifications des nouveaux messages : actives.',
  stream: 'Notifications des nouveaux messages : actives.',
  polling: 'Notifications : Pli est vérifié toutes les 30 secondes.',
};

const PROBLEMS: Record<PairingProblem, string> = {
  refused: 'L’appairage a été refusé dans Pli.',
  expired: 'Le code d’appairage a expiré. Recommencez.',
  revoked: 'Cet appareil a été déconnecté de Pli. Appairez-le de nouveau.',
  unreachable: 'Pli est injoignable. Vérifiez votre connexion et réessayez.',
  failed: 'L’appairage n’a pas abouti. Réessayez.',
};

async function refresh() {
  server.value = await serverUrl.getValue();
  account.value = await pairedAccount.getValue();
  const pairing = await pairingInProgress.getValue();
  waiting.value = pairing
    ? { userCode: pairing.userCode, page: pairing.verificationUriComplete }
    : null;
  problem.value = await pairingProblem.getValue();
  bals.value = await sessionBals.getValue();
  unfollowed.value = await unfollowedBals.getValue();
  showSender.value = await notifyShowsSender.getValue();
  mode.value = (await watchMode.getValue()) ?? null;
  sites.value = await enabledSites();
}
void refresh()
  .then(currentTabOrigin)
  .then(() => ask({ type: 'check' }));
for (const item of [
  pairedAccount,
  pairingInProgress,
  pairingProblem,
  sessionBals,
  unfollowedBals,
  notifyShowsSender,
  watchMode,
]) {
  item.watch(() => void refresh());
}

async function setFollowed(bal: SessionBal, follow: boolean): Promise<void> {
  const others = unfollowed.value.filter((id) => id !== bal.id);
  // Shown at once (a controlled box would otherwise flip back until storage answers).
  unfollowed.value = follow ? others : [...others, bal.id];
  await unfollowedBals.setValue(unfollowed.value);
}

function unreadText(count: number | null): string {
  if (count === null) return '';
  if (count === 0) return 'aucun non lu';
  return `${count} non lu${count > 1 ? 's' : ''}`;
}

/** "Nouveau message": the PWA's composer, from the first followed BAL. */
function composeUrl(): string | null {
  const from = bals.value.find((b) => isFollowed(b, unfollowed.value)) ?? bals.value[0];
  return server.value && from ? composeLink(server.value, from.id) : null;
}

/** The BALs, each followed or not, with its unread count; the sender setting. */
function Notifications() {
  const list = bals.value;
  return (
    <section aria-labelledby="bals-title">
      <h2 id="bals-title">Boîtes aux lettres suivies</h2>
      {list.length === 0 ? (
        <p class="hint">Chargement des boîtes aux lettres…</p>
      ) : (
        <ul class="bals">
          {list.map((bal) => (
            <li key={bal.id}>
              <label>
                <input
                  type="checkbox"
                  checked={isFollowed(bal, unfollowed.value)}
                  onChange={(event) => void setFollowed(bal, event.currentTarget.checked)}
                />{' '}
                {bal.address}
              </label>{' '}
              <span class="hint">
                {bal.personal ? 'personnelle' : 'déléguée'}
                {bal.unread !== null && isFollowed(bal, unfollowed.value)
                  ? ` · ${unreadText(bal.unread)}`
                  : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <label>
        <input
          type="checkbox"
          checked={showSender.value}
          onChange={(event) => {
            showSender.value = event.currentTarget.checked;
            void notifyShowsSender.setValue(showSender.value);
          }}
        />{' '}
        Afficher l’expéditeur dans les notifications
      </label>
      <p class="hint">
        {mode.value ? MODES[mode.value] : 'Notifications : connexion à Pli…'} L’objet d’un message
        n’est jamais affiché.
      </p>
    </section>
  );
}

/** The origin of the tab the popup was opened on (readable thanks to activeTab). */
async function currentTabOrigin(): Promise<void> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const origin = tab?.url && server.value ? siteOrigin(tab.url, server.value) : null;
    if (origin && !sites.value.includes(origin) && !siteInput.value) siteInput.value = origin;
  } catch {
    // No tab to read: the person types the address.
  }
}

/**
 * "Activer": asks for the site's optional host permission. Called in the click itself,
 * before any await, as the browser requires for a permission request.
 */
function enableSite(event: Event): void {
  event.preventDefault();
  const origin = server.value ? siteOrigin(siteInput.value, server.value) : null;
  if (!origin) {
    siteProblem.value = 'Indiquez l’adresse du site, par exemple https://logiciel.exemple.fr.';
    return;
  }
  siteProblem.value = null;
  void browser.permissions.request({ origins: [sitePattern(origin)] }).then(async (granted) => {
    if (!granted) {
      siteProblem.value = 'L’accès à ce site n’a pas été accordé.';
      return;
    }
    const list = await enabledSiteList.getValue();
    if (!list.includes(origin)) await enabledSiteList.setValue([...list, origin]);
    siteInput.value = '';
    await ask({ type: 'sync-sites' });
  });
}

async function disableSite(origin: string): Promise<void> {
  await enabledSiteList.setValue((await enabledSiteList.getValue()).filter((o) => o !== origin));
  await browser.permissions.remove({ origins: [sitePattern(origin)] }).catch(() => false);
  await ask({ type: 'sync-sites' });
}

/**
 * The practice software sites where "Envoyer via MSSanté" shows its button beside links to
 * documents (the context menu works on every site, for the tab clicked in only).
 */
function Sites() {
  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">Sites activés</h2>
      {sites.value.length === 0 ? (
        <p class="hint">Aucun site activé.</p>
      ) : (
        <ul>
          {sites.value.map((site) => (
            <li key={site}>
              <code>{site}</code>{' '}
              <button type="button" onClick={() => void disableSite(site)}>
                Retirer
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={enableSite}>
        <label>
          Adresse du site
          <input
            value={siteInput.value}
            onInput={(e) => (siteInput.value = e.currentTarget.value)}
            placeholder="https://logiciel.exemple.fr"
          />
        </label>{' '}
        <button type="submit">Activer sur ce site</button>
      </form>
      {siteProblem.value && <p class="problem">{siteProblem.value}</p>}
    </section>
  );
}

async function ask(request: PopupRequest): Promise<void> {
  busy.value = true;
  try {
    await browser.runtime.sendMessage(request);
  } finally {
    busy.value = false;
    await refresh();
  }
}

/**
 * The popup: the pairing with Pli ("Appairer", "Se déconnecter"); once paired, "Nouveau
 * message", the BALs followed with their unread counts, the notification setting and the
 * enabled sites; the emergency notice.
 */
export function Popup() {
  const paired = account.value;
  const pending = waiting.value;
  return (
    <main>
      <h1>Pli</h1>
      <p>Messagerie sécurisée de santé MSSanté.</p>
      {paired ? (
        <section aria-label="Connexion">
          <p role="status" class="paired">
            Connecté{paired.username ? ` : ${paired.username}` : ''}
          </p>
          <p class="hint">{paired.label}</p>
          {composeUrl() && (
            <p>
              <a class="button" href={composeUrl() ?? ''} target="_blank" rel="noreferrer">
                Nouveau message
              </a>
            </p>
          )}
          <Notifications />
          <Sites />
          <button type="button" disabled={busy.value} onClick={() => ask({ type: 'sign-out' })}>
            Se déconnecter
          </button>
        </section>
      ) : (
        <section aria-label="Connexion">
          <p role="status" class="disconnected">
            Déconnecté
          </p>
          {problem.value && <p class="problem">{PROBLEMS[problem.value]}</p>}
          {pending ? (
            <>
              <p>
                Confirmez l’appairage dans l’onglet Pli ouvert, avec le code{' '}
                <strong class="code">{pending.userCode}</strong>.
              </p>
              <p>
                <a href={pending.page} target="_blank" rel="noreferrer">
                  Rouvrir la page d’appairage
                </a>
              </p>
              <button
                type="button"
                disabled={busy.value}
                onClick={() => ask({ type: 'cancel-pairing' })}
              >
                Annuler
              </button>
            </>
          ) : (
            <button type="button" disabled={busy.value} onClick={() => ask({ type: 'pair' })}>
              Appairer
            </button>
          )}
        </section>
      )}
      {server.value && (
        <p>
          Serveur : <code>{server.value}</code>
          <br />
          <a href={server.value} target="_blank" rel="noreferrer">
            Ouvrir la messagerie
          </a>
        </p>
      )}
      <p class="emergency">{EMERGENCY_NOTICE}</p>
    </main>
  );
}
