import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { OnboardingDone, OnboardingStatus } from '../../../shared/onboarding.ts';
import { ApiFailure, api } from '../lib/api-client.ts';
import { loadSession, logout, me } from '../models/session.ts';

const onboarding = signal<OnboardingStatus | null>(null);
const cguAccepted = signal(false);
const email = signal('');
const emailCodeSent = signal(false);
const emailCode = signal('');
const mobile = signal('');
const listeRouge = signal(false);
const publishPhone = signal(false);
const pending = signal(false);
const error = signal<string | null>(null);

async function run(action: () => Promise<void>) {
  pending.value = true;
  error.value = null;
  try {
    await action();
  } catch (failure) {
    error.value = failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';
  } finally {
    pending.value = false;
  }
}

const refresh = async () => {
  onboarding.value = await api<OnboardingStatus>('/api/onboarding');
};

const sendEmailCode = () =>
  run(async () => {
    await api('/api/onboarding/email', { method: 'POST', body: { email: email.value.trim() } });
    emailCodeSent.value = true;
  });

const verifyEmail = () =>
  run(async () => {
    await api('/api/onboarding/email/verify', {
      method: 'POST',
      body: { code: emailCode.value.trim() },
    });
    emailCode.value = '';
    await refresh();
  });

const complete = (event: Event) => {
  event.preventDefault();
  return run(async () => {
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
};

/** First login through Pro Santé Connect: CGU, personal email, choices, then the BAL. */
export function OnboardingView() {
  useEffect(() => {
    run(refresh);
  }, []);
  const status = onboarding.value;
  const person = me.value;
  if (!status) {
    return (
      <main>
        <p role="status">Chargement…</p>
        {error.value && <p class="error">{error.value}</p>}
      </main>
    );
  }
  if (!status.allowed) {
    return (
      <main>
        <h1>Création de boîte aux lettres impossible</h1>
        <p class="error" role="alert">
          {status.refusal}
        </p>
        <button type="button" class="button" onClick={logout}>
          Se déconnecter
        </button>
      </main>
    );
  }
  const verified = status.email.verified;
  return (
    <main class="onboarding">
      <h1>Bienvenue {person ? `${person.givenName} ${person.familyName}` : ''}</h1>
      <p>
        Créez votre boîte aux lettres MSSanté personnelle. Son adresse sera{' '}
        <strong>{status.proposedAddress}</strong>.
      </p>
      <section aria-labelledby="cgu-title">
        <h2 id="cgu-title">{status.cgu.title}</h2>
        <p class="hint">Version {status.cgu.version}</p>
        <p class="cgu">{status.cgu.body}</p>
        <label class="check">
          <input
            type="checkbox"
            checked={cguAccepted.value}
            onChange={(e) => {
              cguAccepted.value = e.currentTarget.checked;
            }}
          />{' '}
          J’accepte les conditions générales d’utilisation
        </label>
      </section>
      <section aria-labelledby="email-title">
        <h2 id="email-title">Votre adresse électronique personnelle</h2>
        {verified ? (
          <p role="status">Adresse vérifiée : {status.email.address}</p>
        ) : (
          <>
            <p class="hint">
              Obligatoire, hors MSSanté : elle reçoit vos codes de connexion et les avis de nouveaux
              messages (jamais leur contenu).
            </p>
            <label>
              Adresse électronique personnelle
              <input
                type="email"
                name="personal-email"
                autoComplete="email"
                value={email}
                onInput={(e) => {
                  email.value = e.currentTarget.value;
                }}
              />
            </label>
            <button type="button" class="button" disabled={pending.value} onClick={sendEmailCode}>
              Recevoir un code de vérification
            </button>
            {emailCodeSent.value && (
              <>
                <label>
                  Code de vérification
                  <input
                    name="email-code"
                    inputMode="numeric"
                    maxLength={6}
                    value={emailCode}
                    onInput={(e) => {
                      emailCode.value = e.currentTarget.value;
                    }}
                  />
                </label>
                <button type="button" class="button" disabled={pending.value} onClick={verifyEmail}>
                  Vérifier l’adresse
                </button>
              </>
            )}
          </>
        )}
      </section>
      <form onSubmit={complete}>
        <section aria-labelledby="choices-title">
          <h2 id="choices-title">Téléphone et annuaire</h2>
          <label>
            Téléphone mobile (facultatif)
            <input
              type="tel"
              name="mobile"
              autoComplete="tel"
              placeholder="06 12 34 56 78"
              value={mobile}
              onInput={(e) => {
                mobile.value = e.currentTarget.value.replace(/\s/g, '');
              }}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={listeRouge.value}
              onChange={(e) => {
                listeRouge.value = e.currentTarget.checked;
              }}
            />{' '}
            Liste rouge : ne pas publier ma boîte aux lettres dans l’annuaire santé
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={publishPhone.value}
              disabled={listeRouge.value}
              onChange={(e) => {
                publishPhone.value = e.currentTarget.checked;
              }}
            />{' '}
            Publier mon numéro de téléphone dans l’annuaire
          </label>
        </section>
        {error.value && (
          <p class="error" role="alert">
            {error.value}
          </p>
        )}
        <button
          type="submit"
          class="button primary"
          disabled={pending.value || !cguAccepted.value || !verified}
        >
          Créer ma boîte aux lettres
        </button>
      </form>
    </main>
  );
}
