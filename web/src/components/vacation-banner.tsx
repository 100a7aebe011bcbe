import { vacationActive } from '../../../shared/mssante/auto-reply.ts';
import { disableVacation, vacation, vacationSaving } from '../models/vacation.ts';

const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });

/** The banner over the mail while an absence reply is being sent, with "Désactiver". */
export function VacationBanner() {
  const saved = vacation.value;
  if (!saved || !vacationActive(saved, Date.now())) return null;
  return (
    <p class="notice" role="status" aria-label="Message d’absence">
      Votre message d’absence est activé
      {saved.toDate ? ` jusqu’au ${day.format(new Date(saved.toDate))}` : ''}.{' '}
      <button
        type="button"
        class="button"
        disabled={vacationSaving.value}
        onClick={() => void disableVacation()}
      >
        Désactiver
      </button>
    </p>
  );
}
