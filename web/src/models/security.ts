import { signal } from '@preact/signals';
import type { DeviceCreated, DeviceList, TotpSetup } from '../../../shared/identity.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { createModel } from './model.ts';
import { loadSession } from './session.ts';

/**
 * Account security: the password form, the authenticator app's setup and device tokens.
 * The security view reads these signals and calls these actions; nothing else talks to
 * `/api/credentials` or `/api/devices`. A token just created and a TOTP secret being set
 * up live here only, and are forgotten at logout.
 */
export const {
  newPassword,
  devices,
  deviceName,
  shownToken,
  totpSetup,
  totpCode,
  securityMessage,
  securityError,
} = createModel({
  newPassword: signal(''),
  devices: signal<DeviceList['devices'] | null>(null),
  deviceName: signal(''),
  /** The token just created, shown this once. */
  shownToken: signal<string | null>(null),
  /** The authenticator app's secret while it is being set up. */
  totpSetup: signal<TotpSetup | null>(null),
  totpCode: signal(''),
  securityMessage: signal<string | null>(null),
  securityError: signal<string | null>(null),
});

async function run(action: () => Promise<void>) {
  securityError.value = null;
  securityMessage.value = null;
  try {
    await action();
  } catch (failure) {
    securityError.value =
      failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';
  }
}

const listDevices = async () => {
  devices.value = (await api<DeviceList>('/api/devices')).devices;
};

export const loadDevices = () => run(listDevices);

export const setPassword = () =>
  run(async () => {
    await api('/api/credentials/password', {
      method: 'PUT',
      body: { password: newPassword.value },
    });
    newPassword.value = '';
    securityMessage.value = 'Mot de passe enregistré.';
    await loadSession();
  });

export const createDevice = () =>
  run(async () => {
    const created = await api<DeviceCreated>('/api/devices', {
      method: 'POST',
      body: { name: deviceName.value.trim() },
    });
    shownToken.value = created.token;
    deviceName.value = '';
    await listDevices();
  });

export const revokeDevice = (id: string) =>
  run(async () => {
    await api(`/api/devices/${encodeURIComponent(id)}`, { method: 'DELETE' });
    await listDevices();
  });

export const startTotp = () =>
  run(async () => {
    totpSetup.value = await api<TotpSetup>('/api/credentials/totp', { method: 'POST' });
  });

export const enableTotp = () =>
  run(async () => {
    await api('/api/credentials/totp/enable', {
      method: 'POST',
      body: { code: totpCode.value.trim() },
    });
    totpSetup.value = null;
    totpCode.value = '';
    securityMessage.value = 'Application d’authentification activée.';
    await loadSession();
  });

export const disableTotp = () =>
  run(async () => {
    await api('/api/credentials/totp', { method: 'DELETE' });
    securityMessage.value = 'Application d’authentification désactivée.';
    await loadSession();
  });
