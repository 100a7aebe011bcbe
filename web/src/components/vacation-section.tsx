import { autoReplyText, vacationActive } from '../../../shared/mssante/auto-reply.ts';
import {
  dayStart,
  replacementSuggestions,
  saveVacation,
  suggestReplacement,
  updateVacation,
  vacation,
  vacationError,
  vacationForm,
  vacationMessage,
  vacationSaving,
} from '../models/vacation.ts';

const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });

/** What the saved absence reply does now, in one French sentence. */
function stateText(): string | null {
  const saved = vacation.value;
  if (!saved?.isEnabled) return null;
  if (vacationActive(saved, Date.now())) {
    return saved.toDate
      ? `Activé : une réponse automatique part jusqu’au ${day.format(new Date(saved.toDate))}.`
      : 'Activé : une réponse automatique part à chaque nouvel expéditeur.';
  }
  if (saved.fromDate && Date.parse(saved.fromDate) > Date.now())
    return `Programmé à partir du ${day.format(new Date(saved.fromDate))}.`;
  return 'La période est terminée : aucune réponse n’est envoyée.';
}

/**
 * "Message d'absence": the dates, the subject, the text and the colleague to write to
 * meanwhile (from the Annuaire Santé), with the reply as correspondents will read it.
 * Each sender gets one reply per period; mail that must not be answered gets none.
 */
export function VacationSection() {
  const form = vacationForm.value;
  if (!vacation.value) return <p class="hint">Chargement du message d’absence…</p>;
  const state = stateText();
  const preview = autoReplyText({
    textBody: form.text,
    toDate: dayStart(form.back),
    mssReplacement: form.replacement.trim() || null,
  });
  return (
    <form
      class="vacation"
      onSubmit={(event) => {
        event.preventDefault();
        void saveVacation();
      }}
    >
      {state && (
        <p class="notice" role="status">
          {state}
        </p>
      )}
      <label class="check">
        <input
          type="checkbox"
          name="vacation-enabled"
          checked={form.isEnabled}
          onChange={(e) => updateVacation({ isEnabled: e.currentTarget.checked })}
        />{' '}
        Répondre automatiquement aux messages reçus
      </label>
      <label>
        Absent(e) à partir du
        <input
          type="date"
          name="vacation-from"
          value={form.from}
          onInput={(e) => updateVacation({ from: e.currentTarget.value })}
        />
      </label>
      <label>
        De retour le
        <input
          type="date"
          name="vacation-back"
          value={form.back}
          onInput={(e) => updateVacation({ back: e.currentTarget.value })}
        />
      </label>
      <label>
        Objet de la réponse
        <input
          type="text"
          name="vacation-subject"
          placeholder="Réponse automatique : objet du message reçu"
          value={form.subject}
          onInput={(e) => updateVacation({ subject: e.currentTarget.value })}
        />
      </label>
      <label>
        Texte de la réponse
        <textarea
          name="vacation-text"
          rows={5}
          placeholder="Laissé vide, un texte indiquant votre date de retour est envoyé."
          value={form.text}
          onInput={(e) => updateVacation({ text: e.currentTarget.value })}
        />
      </label>
      <label>
        En mon absence, écrire à (facultatif)
        <input
          type="text"
          name="vacation-replacement"
          list="replacement-suggestions"
          autoComplete="off"
          placeholder="Nom ou adresse d’un confrère dans l’annuaire"
          value={form.replacement}
          onInput={(e) => {
            updateVacation({ replacement: e.currentTarget.value });
            suggestReplacement(e.currentTarget.value);
          }}
        />
      </label>
      <datalist id="replacement-suggestions">
        {replacementSuggestions.value.map((entry) => (
          <option key={entry.address} value={entry.address}>
            {[entry.name, entry.profession, entry.city].filter(Boolean).join(' — ')}
          </option>
        ))}
      </datalist>
      <section class="quote" aria-label="Aperçu de la réponse">
        <p class="hint">Vos correspondants recevront :</p>
        <pre class="plain">{preview}</pre>
      </section>
      <p class="hint">
        Chaque expéditeur reçoit une seule réponse par période ; les messages automatiques, les
        listes et les messages marqués « ne pas répondre » n’en reçoivent pas.
      </p>
      <p>
        <button type="submit" class="button primary" disabled={vacationSaving.value}>
          Enregistrer le message d’absence
        </button>
      </p>
      {vacationMessage.value && <p role="status">{vacationMessage.value}</p>}
      {vacationError.value && (
        <p class="error" role="alert">
          {vacationError.value}
        </p>
      )}
    </form>
  );
}
