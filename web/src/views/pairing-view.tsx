import { useEffect } from 'preact/hooks';
import { formatUserCode } from '../../../shared/device-flow.ts';
import {
  approvePairing,
  askingDevice,
  lookupPairing,
  pairingCode,
  pairingError,
  pairingStep,
  refusePairing,
  resetPairing,
  typedCode,
} from '../models/pairing.ts';
import { closePairing, pairingCodeFromUrl } from '../models/pairing-route.ts';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });

const submit = (event: Event) => {
  event.preventDefault();
  void lookupPairing(typedCode.value);
};

/**
 * "Appairer un appareil" (`/appairer`): the signed-in person sees which device asks for the
 * code the extension shows, and approves ("Autoriser") or refuses ("Refuser"). Loaded on
 * demand, so the first load of the webmail does not carry it.
 */
export function PairingView() {
  // Opened from the extension with the code: look it up at once.
  useEffect(() => {
    const given = pairingCodeFromUrl.peek();
    if (given && pairingStep.peek() === 'enter' && !pairingCode.peek()) {
      typedCode.value = formatUserCode(given);
      void lookupPairing(given);
    }
  }, []);
  const step = pairingStep.value;
  const device = askingDevice.value;
  const code = pairingCode.value;
  return (
    <main class="pairing">
      <h1>Appairer un appareil</h1>
      {step === 'approved' && device && (
        <section role="status">
          <p>
            <strong>{device.label}</strong> est appairée à votre compte. Vous pouvez fermer cette
            page : l’extension se connecte d’elle-même.
          </p>
          <p class="hint">
            Vous pourrez la déconnecter à tout moment dans « Appareils et logiciels connectés ».
          </p>
        </section>
      )}
      {step === 'refused' && (
        <p role="status">Demande refusée : l’appareil n’a reçu aucun accès.</p>
      )}
      {(step === 'asking' || (step === 'loading' && code)) && device && code && (
        <section aria-labelledby="asking-title">
          <h2 id="asking-title">Un appareil demande l’accès à votre messagerie</h2>
          <p>
            <strong>{device.label}</strong>, demande faite à {time(device.createdAt)} avec le code{' '}
            <code>{formatUserCode(code)}</code>.
          </p>
          <p>
            Vérifiez que ce code est bien celui qu’affiche votre extension. Une fois autorisée, elle
            pourra lire et envoyer des messages de vos boîtes aux lettres.
          </p>
          <p class="error">
            N’autorisez que si vous venez de lancer l’appairage vous-même. Pli ne vous demandera
            jamais d’autoriser un appareil par téléphone ou par courriel.
          </p>
          <p>
            <button
              type="button"
              class="button primary"
              disabled={step === 'loading'}
              onClick={approvePairing}
            >
              Autoriser
            </button>{' '}
            <button
              type="button"
              class="button"
              disabled={step === 'loading'}
              onClick={refusePairing}
            >
              Refuser
            </button>
          </p>
        </section>
      )}
      {(step === 'enter' || (step === 'loading' && !code)) && (
        <form onSubmit={submit}>
          <label>
            Code affiché par l’extension
            <input
              name="user-code"
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              maxLength={12}
              required
              placeholder="ABCD-EFGH"
              value={typedCode}
              onInput={(e) => {
                typedCode.value = e.currentTarget.value;
              }}
            />
          </label>{' '}
          <button type="submit" class="button primary" disabled={step === 'loading'}>
            Continuer
          </button>
        </form>
      )}
      {pairingError.value && (
        <p class="error" role="alert">
          {pairingError.value}
        </p>
      )}
      <p>
        <button
          type="button"
          class="button"
          onClick={() => {
            resetPairing();
            closePairing();
          }}
        >
          Retour à la messagerie
        </button>
      </p>
    </main>
  );
}
