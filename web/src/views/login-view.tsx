import {
  loginAddress,
  loginError,
  loginPassword,
  loginPending,
  submitPassword,
} from '../models/login-form.ts';
import { farewell, pendingLogin } from '../models/session.ts';
import { OtpView } from './otp-view.tsx';

const submit = (event: Event) => {
  event.preventDefault();
  void submitPassword();
};

/** The login page: Pro Santé Connect first, address + password + one-time code second. */
export function LoginView() {
  if (pendingLogin.value) return <OtpView />;
  return (
    <main class="login">
      <h1>Connexion à votre messagerie sécurisée de santé</h1>
      {farewell.value && (
        <p class="notice" role="status">
          {farewell.value}
        </p>
      )}
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
              value={loginAddress}
              onInput={(e) => {
                loginAddress.value = e.currentTarget.value;
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
              value={loginPassword}
              onInput={(e) => {
                loginPassword.value = e.currentTarget.value;
              }}
            />
          </label>
          {loginError.value && (
            <p class="error" role="alert">
              {loginError.value}
            </p>
          )}
          <button type="submit" class="button" disabled={loginPending.value}>
            Continuer
          </button>
        </form>
        <p class="hint">Un code à usage unique vous sera ensuite envoyé par courriel ou SMS.</p>
      </section>
      <p class="hint">
        En vous connectant, vous acceptez les <a href="/cgu">conditions générales d’utilisation</a>.
        Un problème pour vous connecter ? <a href="/support">Contactez le support</a>.
      </p>
    </main>
  );
}
