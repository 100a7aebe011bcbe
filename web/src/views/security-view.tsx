import { ConfirmButton } from '../components/confirm-button.tsx';
import { TotpQrCode } from '../components/totp-qr-code.tsx';
import {
  createDevice,
  deviceName,
  devices,
  disableTotp,
  enableTotp,
  loadDevices,
  newPassword,
  revokeDevice,
  securityError,
  securityMessage,
  setPassword,
  shownToken,
  startTotp,
  totpCode,
  totpSetup,
} from '../models/security.ts';
import { me } from '../models/session.ts';

const submitted = (action: () => Promise<void>) => (event: Event) => {
  event.preventDefault();
  void action();
};

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString('fr-FR') : 'jamais');

/** Account security: a password for the code login, device tokens. */
export function SecurityView() {
  if (me.value?.via !== 'session') return null;
  return (
    <details class="security">
      <summary>Sécurité du compte</summary>
      <SecurityContent />
    </details>
  );
}

/** What the panel shows (the home view fetches it the first time it is opened). */
export function SecurityContent() {
  const person = me.value;
  if (person?.via !== 'session') return null;
  return (
    <>
      <section aria-labelledby="password-set-title">
        <h2 id="password-set-title">
          {person.hasPassword ? 'Changer de mot de passe' : 'Définir un mot de passe'}
        </h2>
        <p class="hint">
          Pour vous connecter sans carte : adresse, mot de passe (12 caractères au moins) puis un
          code à usage unique.
        </p>
        <form onSubmit={submitted(setPassword)}>
          <label>
            Nouveau mot de passe
            <input
              type="password"
              name="new-password"
              autoComplete="new-password"
              minLength={12}
              required
              value={newPassword}
              onInput={(e) => {
                newPassword.value = e.currentTarget.value;
              }}
            />
          </label>
          <button type="submit" class="button">
            Enregistrer le mot de passe
          </button>
        </form>
      </section>
      <section aria-labelledby="totp-title">
        <h2 id="totp-title">Application d’authentification (TOTP)</h2>
        {person.hasTotp ? (
          <button type="button" class="button" onClick={disableTotp}>
            Désactiver l’application d’authentification
          </button>
        ) : totpSetup.value ? (
          <form onSubmit={submitted(enableTotp)}>
            <p>
              Scannez ce QR code avec votre application (ou saisissez la clé :{' '}
              <code>{totpSetup.value.secret}</code>), puis saisissez le code qu’elle affiche.
            </p>
            <TotpQrCode uri={totpSetup.value.uri} />
            <p class="hint">
              <code>{totpSetup.value.uri}</code>
            </p>
            <label>
              Code de l’application
              <input
                name="totp-code"
                inputMode="numeric"
                maxLength={6}
                required
                value={totpCode}
                onInput={(e) => {
                  totpCode.value = e.currentTarget.value;
                }}
              />
            </label>
            <button type="submit" class="button">
              Activer
            </button>
          </form>
        ) : (
          <button type="button" class="button" onClick={startTotp}>
            Activer une application d’authentification
          </button>
        )}
      </section>
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">Appareils et logiciels connectés</h2>
        <p class="hint">
          Un jeton donne accès à la messagerie de vos boîtes, et à rien d’autre, depuis l’extension,
          votre logiciel métier ou un client JMAP. Il n’est affiché qu’une fois.
        </p>
        {devices.value === null ? (
          <button type="button" class="button" onClick={loadDevices}>
            Afficher mes appareils
          </button>
        ) : (
          <ul>
            {devices.value.map((device) => (
              <li key={device.id}>
                {device.name}{' '}
                <span class="hint">
                  (accès : messagerie uniquement ; dernière utilisation : {date(device.lastUsedAt)})
                </span>{' '}
                <ConfirmButton
                  label="Révoquer"
                  question={`Révoquer « ${device.name} » ? Il ne pourra plus accéder à votre messagerie.`}
                  confirmLabel="Révoquer l’appareil"
                  onConfirm={() => revokeDevice(device.id)}
                />
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submitted(createDevice)}>
          <label>
            Nom de l’appareil
            <input
              name="device-name"
              required
              maxLength={80}
              value={deviceName}
              onInput={(e) => {
                deviceName.value = e.currentTarget.value;
              }}
            />
          </label>
          <button type="submit" class="button">
            Créer un jeton
          </button>
        </form>
        {shownToken.value && (
          <p role="status">
            Jeton (copiez-le maintenant, il ne sera plus affiché) : <code>{shownToken.value}</code>
          </p>
        )}
      </section>
      {securityMessage.value && <p role="status">{securityMessage.value}</p>}
      {securityError.value && (
        <p class="error" role="alert">
          {securityError.value}
        </p>
      )}
    </>
  );
}
