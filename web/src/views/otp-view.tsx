import type { OtpChannel } from '../../../shared/identity.ts';
import { chooseChannel, otpCode, otpError, otpPending, submitCode } from '../models/login-form.ts';
import { cancelLogin, codeSentTo, pendingLogin } from '../models/session.ts';

const CHANNEL_LABELS: Record<OtpChannel, string> = {
  email: 'Recevoir le code par courriel',
  sms: 'Recevoir le code par SMS',
  totp: 'Utiliser mon application d’authentification',
};

const submit = (event: Event) => {
  event.preventDefault();
  void submitCode();
};

/** The one-time code step: choose where the code goes, then type it. */
export function OtpView() {
  const login = pendingLogin.value;
  if (!login) return null;
  const sent = codeSentTo.value;
  return (
    <main class="login">
      <h1>Code de connexion à usage unique</h1>
      {login.otpChannels.length === 0 ? (
        <p class="error" role="alert">
          Aucun moyen de recevoir un code n’est enregistré pour ce compte. Connectez-vous avec Pro
          Santé Connect ou contactez le support.
        </p>
      ) : (
        <section aria-labelledby="channel-title">
          <h2 id="channel-title">Où recevoir votre code ?</h2>
          {login.otpChannels.map((channel) => (
            <p key={channel}>
              <button
                type="button"
                class="button"
                disabled={otpPending.value}
                onClick={() => chooseChannel(channel)}
              >
                {CHANNEL_LABELS[channel]}
              </button>{' '}
              <span class="hint">{login.targets[channel]}</span>
            </p>
          ))}
          {sent && sent !== 'totp' && (
            <p role="status">Un code valable 5 minutes vient de vous être envoyé.</p>
          )}
        </section>
      )}
      <section aria-labelledby="code-title">
        <h2 id="code-title">Saisissez le code</h2>
        <form onSubmit={submit}>
          <label>
            Code à 6 chiffres
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={otpCode}
              onInput={(e) => {
                otpCode.value = e.currentTarget.value;
              }}
            />
          </label>
          {otpError.value && (
            <p class="error" role="alert">
              {otpError.value}
            </p>
          )}
          <button type="submit" class="button primary" disabled={otpPending.value}>
            Valider
          </button>{' '}
          <button type="button" class="button" onClick={cancelLogin}>
            Annuler
          </button>
        </form>
      </section>
    </main>
  );
}
