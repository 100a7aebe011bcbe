import { useEffect } from 'preact/hooks';
import {
  cguAccepted,
  completeOnboarding,
  emailCode,
  emailCodeSent,
  listeRouge,
  loadOnboarding,
  mobile,
  onboarding,
  onboardingError,
  onboardingPending,
  personalEmail,
  publishPhone,
  sendEmailCode,
  verifyEmail,
} from '../models/onboarding.ts';
import { logout, me } from '../models/session.ts';

const complete = (event: Event) => {
  event.preventDefault();
  void completeOnboarding();
};

/** First login through Pro Santé Connect: CGU, personal email, choices, then the BAL. */
export function OnboardingView() {
  useEffect(() => {
    void loadOnboarding();
  }, []);
  const status = onboarding.value;
  const person = me.value;
  if (!status) {
    return (
      <main>
        <p role="status">Chargement…</p>
        {onboardingError.value && <p class="error">{onboardingError.value}</p>}
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
        {/* A scrolling box: focusable, so that the keyboard scrolls it too (WCAG 2.1.1). */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus */}
        <section class="cgu" tabIndex={0} aria-label="Texte des conditions générales d’utilisation">
          {status.cgu.body}
        </section>
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
                value={personalEmail}
                onInput={(e) => {
                  personalEmail.value = e.currentTarget.value;
                }}
              />
            </label>
            <button
              type="button"
              class="button"
              disabled={onboardingPending.value}
              onClick={sendEmailCode}
            >
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
                <button
                  type="button"
                  class="button"
                  disabled={onboardingPending.value}
                  onClick={verifyEmail}
                >
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
        {onboardingError.value && (
          <p class="error" role="alert">
            {onboardingError.value}
          </p>
        )}
        <button
          type="submit"
          class="button primary"
          disabled={onboardingPending.value || !cguAccepted.value || !verified}
        >
          Créer ma boîte aux lettres
        </button>
      </form>
    </main>
  );
}
