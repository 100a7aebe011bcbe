import { signal } from '@preact/signals';
import type { OnboardingDone, OnboardingStatus } from '../../../shared/onboarding.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { createModel } from './model.ts';
import { loadSession } from './session.ts';

/**
 * The first login's onboarding: the CGU, the personal email and its code, the phone and
 * directory choices. The onboarding view reads these signals and calls these actions;
 * nothing else talks to `/api/onboarding`. What was typed is forgotten at logout.
 */
export const {
  onboarding,
  cguAccepted,
  personalEmail,
  emailCodeSent,
  emailCode,
  mobile,
  listeRouge,
  publishPhone,
  onboardingPending,
  onboardingError,
} = createModel({
  onboarding: signal<OnboardingStatus | null>(null),
  cguAccepted: signal(false),
  personalEmail: signal(''),
  emailCodeSent: signal(false),
  emailCode: signal(''),
  mobile: signal(''),
  listeRouge: signal(false),
  publishPhone: signal(false),
  onboardingPending: signal(false),
  onboardingError: signal<string | null>(null),
});

async function run(action: () => Promise<void>) {
  onboardingPending.value = true;
  onboardingError.value = null;
  try {
    await action();
  } catch (failure) {
    onboardingError.value =
      failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';
  } finally {
    onboardingPending.value = false;
  }
}

const refresh = async () => {
  onboarding.value = await api<OnboardingStatus>('/api/onboarding');
};

export const loadOnboarding = () => run(refresh);

export const sendEmailCode = () =>
  run(async () => {
    await api('/api/onboarding/email', {
      method: 'POST',
      body: { email: personalEmail.value.trim() },
    });
    emailCodeSent.value = true;
  });

export const verifyEmail = () =>
  run(async () => {
    await api('/api/onboarding/email/verify', {
      method: 'POST',
      body: { code: emailCode.value.trim() },
    });
    emailCode.value = '';
    await refresh();
  });

export const completeOnboarding = () =>
  run(async () => {
    const status = onboarding.value;
    if (!status) return;
    await api<OnboardingDone>('/api/onboarding/complete', {
      method: 'POST',
      body: {
        cguVersion: status.cgu.version,
        mobile: mobile.value.trim() || null,
        listeRouge: listeRouge.value,
        publishPhone: publishPhone.value,
      },
    });
    await loadSession();
  });
