import { signal } from '@preact/signals';
import type { DeviceCreated, DeviceList, TotpSetup } from '../../../shared/identity.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { loadSession, me } from '../models/session.ts';

const newPassword = signal('');
const devices = signal<DeviceList['devices'] | null>(null);
const deviceName = signal('');
const shownToken = signal<string | null>(null);
const totpSetup = signal<TotpSetup | null>(null);
const totpCode = signal('');
const message = signal<string | null>(null);
const error = signal<string | null>(null);

async function run(action: () => Promise<void>) {
  error.value = null;
  message.value = null;
  try {
    await action();
  } catch (failure) {
    error.value = failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';
  }
}

const loadDevices = () =>
  run(async () => {
    devices.value = (await api<DeviceList>('/api/devices')).devices;
  });

const setPassword = (event: Event) => {
  event.preventDefault();
  return run(async () => {
    await api('/api/credentials/password', {
      method: 'PUT',
      body: { password: newPassword.value },
    });
    newPassword.value = '';
    message.value = 'Mot de passe enregistré.';
    await loadSession();
  });
};

const createDevice = (event: Event) => {
  event.preventDefault();
  return run(async () => {
    const created = await api<DeviceCreated>('/api/devices', {
      method: 'POST',
      body: { name: deviceName.value.trim() },
    });
    shownToken.value = created.token;
    deviceName.value = '';
    devices.value = (await api<DeviceList>('/api/devices')).devices;
  });
};

const revoke = (id: string) =>
  run(async () => {
    await api(`/api/devices/${encodeURIComponent(id)}`, { method: 'DELETE' });
    devices.value = (await api<DeviceList>('/api/devices')).devices;
  });

const startTotp = () =>
  run(async () => {
    totpSetup.value = await api<TotpSetup>('/api/credentials/totp', { method: 'POST' });
  });

const enableTotp = (event: Event) => {
  event.preventDefault();
  return run(async () => {
    await api('/api/credentials/totp/enable', {
      method: 'POST',
      body: { code: totpCode.value.trim() },
    });
    totpSetup.value = null;
    totpCode.value = '';
    message.value = 'Application d’authentification activée.';
    await loadSession();
  });
};

const disableTotp = () =>
  run(async () => {
    await api('/api/credentials/totp', { method: 'DELETE' });
    message.value = 'Application d’authentification désactivée.';
    await loadSession();
  });

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleString('fr-FR') : 'jamais');

/** Account security: a password for the code login, device tokens. */
export function SecurityView() {
  const person = me.value;
  if (person?.via !== 'session') return null;
  return (
    <details class="security">
      <summary>Sécurité du compte</summary>
      <section aria-labelledby="password-set-title">
        <h2 id="password-set-title">
          {person.hasPassword ? 'Changer de mot de passe' : 'Définir un mot de passe'}
        </h2>
        <p class="hint">
          Pour vous connecter sans carte : adresse, mot de passe (12 caractères au moins) puis un
          code à usage unique.
        </p>
        <form onSubmit={setPassword}>
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
          <form onSubmit={enableTotp}>
            <p>
              Ajoutez ce compte dans votre application (clé : <code>{totpSetup.value.secret}</code>
              ), puis saisissez le code qu’elle affiche.
            </p>
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
          Un jeton donne accès à vos boîtes depuis l’extension, votre logiciel métier ou un client
          JMAP. Il n’est affiché qu’une fois.
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
                <span class="hint">(dernière utilisation : {date(device.lastUsedAt)})</span>{' '}
                <button type="button" class="button" onClick={() => revoke(device.id)}>
                  Révoquer
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={createDevice}>
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
      {message.value && <p role="status">{message.value}</p>}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </details>
  );
}
