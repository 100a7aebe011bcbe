import {
  loadSettings,
  saveDirectoryChoices,
  saveNewsletter,
  saveNotices,
  settings,
} from '../models/account.ts';

/** Notices, newsletter, directory choices of the current BAL. */
export function PreferencesSection({ bal }: { bal: string }) {
  const s = settings.value;
  if (!s) {
    return (
      <button type="button" class="button" onClick={loadSettings}>
        Afficher mes préférences
      </button>
    );
  }
  const choices = s.directory.find((d) => d.address === bal);
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          name="notices"
          checked={s.notices.enabled}
          onChange={(e) => saveNotices(e.currentTarget.checked, s.notices.channel)}
        />{' '}
        M’avertir d’un nouveau message (sans son contenu) à{' '}
        {s.email.address ?? 'mon adresse personnelle'}
      </label>
      {s.mobile && (
        <label class="check">
          <input
            type="checkbox"
            name="notices-sms"
            checked={s.notices.channel === 'sms'}
            onChange={(e) =>
              saveNotices(s.notices.enabled, e.currentTarget.checked ? 'sms' : 'email')
            }
          />{' '}
          Par SMS plutôt que par courriel
        </label>
      )}
      <label class="check">
        <input
          type="checkbox"
          name="newsletter"
          checked={s.newsletter}
          onChange={(e) => saveNewsletter(e.currentTarget.checked)}
        />{' '}
        Recevoir la lettre d’information
      </label>
      {choices && (
        <>
          <label class="check">
            <input
              type="checkbox"
              name="liste-rouge"
              checked={choices.listeRouge}
              onChange={(e) =>
                saveDirectoryChoices(bal, e.currentTarget.checked, choices.publishPhone)
              }
            />{' '}
            Liste rouge : ne pas publier cette boîte dans l’annuaire
          </label>
          <label class="check">
            <input
              type="checkbox"
              name="publish-phone"
              checked={choices.publishPhone}
              onChange={(e) =>
                saveDirectoryChoices(bal, choices.listeRouge, e.currentTarget.checked)
              }
            />{' '}
            Publier mon numéro de téléphone dans l’annuaire
          </label>
        </>
      )}
    </>
  );
}
