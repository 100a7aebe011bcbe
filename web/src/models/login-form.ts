import { signal } from '@preact/signals';
import type { OtpChannel } from '../../../shared/identity.ts';
import { ApiFailure } from '../lib/api-client.ts';
import { createModel } from './model.ts';
import { passwordLogin, sendCode, verifyCode } from './session.ts';

/**
 * What the login and one-time code forms hold while they are filled in (the login steps
 * themselves are in `session.ts`). Forgotten at logout: the next person in the tab sees
 * neither the address nor the password typed before.
 */
export const {
  loginAddress,
  loginPassword,
  loginPending,
  loginError,
  otpCode,
  otpPending,
  otpError,
} = createModel({
  loginAddress: signal(''),
  loginPassword: signal(''),
  loginPending: signal(false),
  loginError: signal<string | null>(null),
  otpCode: signal(''),
  otpPending: signal(false),
  otpError: signal<string | null>(null),
});

const failureText = (failure: unknown) =>
  failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';

/** The password step. */
export async function submitPassword(): Promise<void> {
  loginPending.value = true;
  loginError.value = null;
  try {
    await passwordLogin(loginAddress.value.trim(), loginPassword.value);
    loginPassword.value = '';
  } catch (failure) {
    loginError.value = failureText(failure);
  } finally {
    loginPending.value = false;
  }
}

async function runOtp(action: () => Promise<void>) {
  otpPending.value = true;
  otpError.value = null;
  try {
    await action();
  } catch (failure) {
    otpError.value = failureText(failure);
  } finally {
    otpPending.value = false;
  }
}

/** Sends a code through a channel. */
export const chooseChannel = (channel: OtpChannel) => runOtp(() => sendCode(channel));

/** The code step. */
export const submitCode = () =>
  runOtp(async () => {
    await verifyCode(otpCode.value.trim());
    otpCode.value = '';
  });
