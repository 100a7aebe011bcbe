import { signal } from '@preact/signals';
import { normalizeUserCode, type PairingRequest } from '../../../shared/device-flow.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { createModel } from './model.ts';

/**
 * The device pairing screen's state: the code being entered, the device that asks, the
 * decision. Only this model talks to `/api/pairing`.
 */
export type PairingStep = 'enter' | 'loading' | 'asking' | 'approved' | 'refused';

export const { pairingStep, typedCode, askingDevice, pairingCode, pairingError } = createModel({
  pairingStep: signal<PairingStep>('enter'),
  /** The code as the person types it. */
  typedCode: signal(''),
  /** Which device asks (the server's answer for the code). */
  askingDevice: signal<PairingRequest | null>(null),
  /** The canonical code being decided on. */
  pairingCode: signal<string | null>(null),
  pairingError: signal<string | null>(null),
});

const UNKNOWN_CODE =
  'Ce code est inconnu ou a expiré. Relancez l’appairage depuis l’extension et réessayez.';

function explain(failure: unknown): string {
  if (failure instanceof ApiFailure) {
    return failure.code === 'not_found' ? UNKNOWN_CODE : failure.message;
  }
  return 'Une erreur est survenue.';
}

/** Looks a code up (as typed, or given by the address): shows which device asks. */
export async function lookupPairing(typed: string): Promise<void> {
  pairingError.value = null;
  const code = normalizeUserCode(typed);
  if (!code) {
    pairingError.value = 'Le code comporte 8 lettres, sous la forme ABCD-EFGH.';
    return;
  }
  pairingStep.value = 'loading';
  try {
    askingDevice.value = await api<PairingRequest>('/api/pairing/lookup', {
      method: 'POST',
      body: { userCode: code },
    });
    pairingCode.value = code;
    pairingStep.value = 'asking';
  } catch (failure) {
    pairingError.value = explain(failure);
    pairingStep.value = 'enter';
  }
}

async function decide(action: 'approve' | 'refuse'): Promise<void> {
  const code = pairingCode.value;
  if (!code) return;
  pairingError.value = null;
  pairingStep.value = 'loading';
  try {
    await api<PairingRequest>(`/api/pairing/${action}`, {
      method: 'POST',
      body: { userCode: code },
    });
    pairingStep.value = action === 'approve' ? 'approved' : 'refused';
  } catch (failure) {
    pairingError.value = explain(failure);
    askingDevice.value = null;
    pairingCode.value = null;
    pairingStep.value = 'enter';
  }
}

/** "Autoriser": the device gets its token at its next poll. */
export const approvePairing = () => decide('approve');
/** "Refuser": the device is told so and gets nothing. */
export const refusePairing = () => decide('refuse');

/** Back to the first step (leaving the screen). */
export function resetPairing(): void {
  pairingStep.value = 'enter';
  typedCode.value = '';
  askingDevice.value = null;
  pairingCode.value = null;
  pairingError.value = null;
}
