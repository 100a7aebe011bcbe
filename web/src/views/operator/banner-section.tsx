import { useState } from 'preact/hooks';
import { banner } from '../../models/account-notices.ts';
import { bannerOutcome, localToIso, removeBanner, setBanner } from '../../models/operator.ts';
import { OutcomeLine } from './outcome-line.tsx';

/** "Bandeau de maintenance": a message shown to everyone during a time window, or none. */
export function BannerSection() {
  const [message, setMessage] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const current = banner.value;
  return (
    <section aria-labelledby="banner-admin-title">
      <h3 id="banner-admin-title">Bandeau de maintenance</h3>
      {current ? (
        <p>
          Bandeau en cours : « {current.message} »
          {current.endsAt ? ` jusqu’au ${new Date(current.endsAt).toLocaleString('fr-FR')}` : ''}{' '}
          <button type="button" class="button" onClick={() => removeBanner(current.id)}>
            Retirer le bandeau
          </button>
        </p>
      ) : (
        <p>Aucun bandeau affiché.</p>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await setBanner({
            message,
            startsAt: localToIso(startsAt),
            endsAt: localToIso(endsAt),
          });
          if (done) setMessage('');
        }}
      >
        <label for="banner-message">Message du bandeau</label>
        <input
          id="banner-message"
          required
          maxLength={500}
          value={message}
          onInput={(e) => setMessage(e.currentTarget.value)}
        />
        <label for="banner-starts">Début (facultatif, dès maintenant sinon)</label>
        <input
          id="banner-starts"
          type="datetime-local"
          value={startsAt}
          onInput={(e) => setStartsAt(e.currentTarget.value)}
        />
        <label for="banner-ends">Fin (facultative)</label>
        <input
          id="banner-ends"
          type="datetime-local"
          value={endsAt}
          onInput={(e) => setEndsAt(e.currentTarget.value)}
        />
        <button type="submit" class="button primary">
          Afficher le bandeau
        </button>
      </form>
      <OutcomeLine outcome={bannerOutcome.value} />
    </section>
  );
}
