import { signal } from '@preact/signals';
import { browser } from '#imports';
import { EMERGENCY_NOTICE } from '../../../shared/notices.ts';
import type { PopupRequest } from '../../utils/messages.ts';
import {
  type PairedAccount,
  type PairingProblem,
  pairedAccount,
  pairingInProgress,
  pairingProblem,
} from '../../utils/pairing.ts';
import { serverUrl } from '../../utils/settings.ts';

const server = signal<string | null>(null);
const account = signal<PairedAccount | null>(null);
/** The waiting pairing as the popup shows it: the user code and the page to approve it. */
const waiting = signal<{ userCode: string; page: string } | null>(null);
const problem = signal<PairingProblem | null>(null);
const busy = signal(false);

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
}
void refresh().then(() => ask({ type: 'check' }));
for (const item of [pairedAccount, pairingInProgress, pairingProblem]) {
  item.watch(() => void refresh());
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

/** The popup: the pairing with Pli ("Appairer", "Se déconnecter") and the emergency notice. */
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
