import { signal } from '@preact/signals';
import {
  type CguHistory,
  type CguVersion,
  SUPPORT_TOPICS,
  type SupportRequest,
} from '../../../shared/public.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { errorMessage } from '../lib/error-messages.ts';
import { createModel } from './model.ts';

const EMPTY_REQUEST: SupportRequest = {
  name: '',
  email: '',
  topic: 'messagerie',
  subject: '',
  message: '',
};

export const {
  cguVersions,
  cguLoadError,
  supportRequest,
  supportSending,
  supportError,
  supportSent,
} = createModel({
  /** Every version of the CGU, the one in force first; null until loaded. */
  cguVersions: signal<CguVersion[] | null>(null),
  cguLoadError: signal<string | null>(null),
  supportRequest: signal<SupportRequest>(EMPTY_REQUEST),
  supportSending: signal(false),
  supportError: signal<string | null>(null),
  /** The address the copy went to, once sent. */
  supportSent: signal<string | null>(null),
});

export { SUPPORT_TOPICS };

/** Loads the CGU, every version (signed out too). */
export async function loadCguVersions(): Promise<void> {
  cguLoadError.value = null;
  try {
    cguVersions.value = (await api<CguHistory>('/api/public/cgu')).versions;
  } catch {
    cguLoadError.value =
      'Les conditions générales n’ont pas pu être chargées. Réessayez plus tard.';
  }
}

export function updateSupport(patch: Partial<SupportRequest>): void {
  supportRequest.value = { ...supportRequest.value, ...patch };
}

/** Sends the support form: to the operator's support address, a copy to the sender. */
export async function sendSupport(): Promise<void> {
  supportSending.value = true;
  supportError.value = null;
  try {
    await api('/api/public/support', { method: 'POST', body: supportRequest.value });
    supportSent.value = supportRequest.value.email.trim();
    supportRequest.value = EMPTY_REQUEST;
  } catch (failure) {
    supportError.value =
      failure instanceof ApiFailure && failure.code === 'rate_limited'
        ? 'Trop de demandes envoyées depuis cette connexion : réessayez dans une heure.'
        : failure instanceof ApiFailure && failure.code === 'invalid_request'
          ? 'Vérifiez les champs du formulaire : nom, adresse électronique valide, objet et message.'
          : failure instanceof ApiFailure
            ? errorMessage(failure.code)
            : 'Une erreur est survenue.';
  } finally {
    supportSending.value = false;
  }
}
