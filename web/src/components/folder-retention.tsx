import { FOLDER_RETENTION, retentionLabel } from '../../../shared/rules/folder-retention.ts';
import type { CachedMailbox } from '../db.ts';
import { mailboxLabel, selectedMailbox } from '../models/mailbox.ts';
import { folderForm, setFolderRetention } from '../models/triage.ts';

const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** Where the mail past a folder's retention goes, in French. */
const fate = (folder: CachedMailbox, count: number) =>
  folder.role === 'trash'
    ? count > 1
      ? 'seront supprimés définitivement'
      : 'sera supprimé définitivement'
    : count > 1
      ? 'iront dans la Corbeille'
      : 'ira dans la Corbeille';

/** Opens the retention form of a folder. */
export function editRetention(folder: CachedMailbox): void {
  folderForm.value = { mode: 'retention', id: folder.id, months: folder.retentionMonths ?? null };
}

/**
 * The warning of the folder shown, a week ahead: how many of its messages go soon, where,
 * and from when; with the way to change the retention.
 */
export function RetentionNotice() {
  const folder = selectedMailbox.value;
  const warning = folder?.retentionWarning;
  if (!folder || !warning || !folder.retentionMonths) return null;
  const { count } = warning;
  return (
    <p class="notice" role="status" aria-label="Conservation du dossier">
      {count} message{count > 1 ? 's' : ''} de plus de {retentionLabel(folder.retentionMonths)}{' '}
      {fate(folder, count)} à partir du {day.format(new Date(warning.from))}.{' '}
      <button type="button" class="button" onClick={() => editRetention(folder)}>
        Modifier la conservation
      </button>
    </p>
  );
}

/** How long the folder keeps its mail: a period offered, or everything. */
export function RetentionForm({
  folder,
  months,
}: {
  folder: CachedMailbox;
  months: number | null;
}) {
  const close = () => {
    folderForm.value = null;
  };
  return (
    <form
      aria-label="Conservation du dossier"
      onSubmit={async (event) => {
        event.preventDefault();
        const submitted = folderForm.value;
        // Closed once saved, unless it was opened again meanwhile (the notice's « Modifier
        // la conservation » shows as soon as the new retention reaches the cache).
        if ((await setFolderRetention(folder.id, months)) && folderForm.value === submitted)
          close();
      }}
    >
      <label>
        Conserver les messages de « {mailboxLabel(folder)} »
        <select
          name="retention"
          value={months === null ? '' : String(months)}
          onChange={(e) => {
            const value = e.currentTarget.value;
            folderForm.value = {
              mode: 'retention',
              id: folder.id,
              months: value ? Number(value) : null,
            };
          }}
        >
          <option value="">sans limite</option>
          {FOLDER_RETENTION.choices.map((choice) => (
            <option key={choice} value={String(choice)}>
              {retentionLabel(choice)}
            </option>
          ))}
        </select>
      </label>
      <p class="hint">
        {folder.role === 'trash'
          ? 'Au-delà, les messages sont supprimés définitivement.'
          : 'Au-delà, les messages vont dans la Corbeille.'}{' '}
        Chaque message est annoncé ici une semaine avant : rien ne part sans avertissement.
      </p>
      <p class="actions">
        <button type="submit" class="button primary">
          Enregistrer
        </button>
        <button type="button" class="button" onClick={close}>
          Annuler
        </button>
      </p>
    </form>
  );
}
