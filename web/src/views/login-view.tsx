import { signal } from '@preact/signals';
import { ApiFailure } from '../lib/api-client.ts';
import { passwordLogin, pendingLogin } from '../models/session.ts';
import { OtpView } from './otp-view.tsx';

const address = signal('');
const password = signal('');
const pending = signal(false);
const error = signal<string | null>(null);

async function submit(event: Event) {
  event.preventDefault();
  pending.value = true;
  error.value = null;
  try {
    await passwordLogin(address.value.trim(), password.value);
    password.value = '';
  } catch (failure) {
    error.value = failure instanceof ApiFailure ? failure.message : 'Une erreur est survenue.';
  } finally {
    pending.value = false;
  }
}

/** The login page: Pro Santé Connect first, address + password + one-time code second. */
export function LoginView() {
  if (pendingLogin.value) return <OtpView />;
  return (
    <main class="login">
      <h1>Connexion à votre messagerie sécurisée de santé</h1>
      <section aria-labelledby="psc-title">
        <h2 id="psc-title">Avec votre carte CPS ou e-CPS</h2>
        <a class="button primary" href="/auth/psc/login">
          Se connecter avec Pro Santé Connect
        </a>
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title">Avec votre adresse et votre mot de passe</h2>
        <form onSubmit={submit}>
          <label>
            Adresse MSSanté
            <input
              type="email"
              name="address"
              autoComplete="username"
              required
              value={address}
              onInput={(e) => {
                address.value = e.currentTarget.value;
              }}
            />
          </label>
          <label>
            Mot de passe
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => {
                password.value = e.currentTarget.value;
              }}
            />
          </label>
          {error.value && (
            <p class="error" role="alert">
              {error.value}
            </p>
          )}
          <button type="submit" class="button" disabled={pending.value}>
            Continuer
          </button>
        </form>
        <p class="hint">Un code à usage unique vous sera ensuite envoyé par courriel ou SMS.</p>
      </section>
    </main>
  );
}
