import { signal } from '@preact/signals';
import type { AccountSettings } from '../../../shared/account/settings.ts';
import type { TracePage } from '../../../shared/account/traces.ts';
import type { DelegationList } from '../../../shared/delegation/api.ts';
import type { DirectoryResult } from '../../../shared/directory/api.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { findInDirectory } from '../lib/directory.ts';
import { createModel } from './model.ts';
import { farewell, forgetLocalData, loadSession, status } from './session.ts';

/**
 * The account settings of the signed-in person and the delegation of the current BAL:
 * signals the settings view reads, actions it calls. Nothing else talks to
 * `/api/settings`, `/api/delegations`, `/api/traces` or `/api/directory`.
 */
export const {
  settings,
  delegations,
  directoryResults,
  directoryQuery,
  delegateRpps,
  history,
  accountMessage,
  accountError,
} = createModel({
  settings: signal<AccountSettings | null>(null),
  delegations: signal<DelegationList['delegations'] | null>(null),
  directoryResults: signal<DirectoryResult[]>([]),
  /** The delegation form: the directory search typed, the RPPS typed. */
  directoryQuery: signal(''),
  delegateRpps: signal(''),
  history: signal<TracePage['items'] | null>(null),
  accountMessage: signal<string | null>(null),
  accountError: signal<string | null>(null),
});

async function run(action: () => Promise<void>, done?: string) {
  accountError.value = null;
  accountMessage.value = null;
  try {
    await action();
    if (done) accountMessage.value = done;
  } catch (failure) {
    accountError.value =
      failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';
  }
}

export const loadSettings = () =>
  run(async () => {
    settings.value = await api<AccountSettings>('/api/settings');
  });

export const saveNotices = (enabled: boolean, channel: 'email' | 'sms') =>
  run(async () => {
    await api('/api/settings/notices', { method: 'PUT', body: { enabled, channel } });
    settings.value = await api<AccountSettings>('/api/settings');
  }, 'Préférences d’avis enregistrées.');

export const saveNewsletter = (subscribed: boolean) =>
  run(async () => {
    await api('/api/settings/newsletter', { method: 'PUT', body: { subscribed } });
    settings.value = await api<AccountSettings>('/api/settings');
  }, 'Préférence enregistrée.');

export const saveDirectoryChoices = (bal: string, listeRouge: boolean, publishPhone: boolean) =>
  run(async () => {
    await api('/api/settings/directory', {
      method: 'PUT',
      body: { bal, listeRouge, publishPhone },
    });
    settings.value = await api<AccountSettings>('/api/settings');
  }, 'Choix de l’annuaire enregistrés.');

export const loadDelegations = (bal: string) =>
  run(async () => {
    delegations.value = (
      await api<DelegationList>(`/api/delegations?bal=${encodeURIComponent(bal)}`)
    ).delegations;
  });

export const searchDirectory = (q: string) =>
  run(async () => {
    directoryResults.value = await findInDirectory(q, 10);
  });

export const addDelegate = (bal: string, idNat: string) =>
  run(async () => {
    await api('/api/delegations', { method: 'POST', body: { bal, idNat } });
    directoryResults.value = [];
    await loadDelegations(bal);
  }, 'Délégation ajoutée. Un courriel prévient le délégataire.');

export const removeDelegate = (bal: string, id: string) =>
  run(async () => {
    await api(`/api/delegations/${encodeURIComponent(id)}`, { method: 'DELETE' });
    await loadDelegations(bal);
  }, 'Délégation supprimée.');

export const askEndOfDelegation = (id: string) =>
  run(async () => {
    await api(`/api/delegations/${encodeURIComponent(id)}/end-request`, { method: 'POST' });
  }, 'Votre demande a été envoyée au titulaire.');

export const loadHistory = (bal: string) =>
  run(async () => {
    history.value = (await api<TracePage>(`/api/traces?bal=${encodeURIComponent(bal)}`)).items;
  });

/**
 * Deletes a BAL its holder typed the address of (the server checks it again): its mail is
 * erased at once. This device then forgets every cached message and reads the session
 * again: with other BALs left, the person goes on in them; after the last one, the account
 * is closed and every session ended, and the login page says so.
 */
export const deleteMailbox = (address: string, typed: string) =>
  run(async () => {
    await api('/api/account/delete-bal', {
      method: 'POST',
      body: { bal: address, confirm: typed },
    });
    await forgetLocalData();
    await loadSession();
    const done = `La boîte ${address} est supprimée : ses messages sont effacés.`;
    if (status.value === 'signed-in') accountMessage.value = done;
    else farewell.value = `${done} Votre compte Pli est fermé.`;
  });
