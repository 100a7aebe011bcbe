import { mailboxLabel, selectedMailbox } from '../models/mailbox.ts';
import {
  createFolder,
  deleteFolder,
  folderError,
  folderForm,
  folderNotice,
  renameFolder,
} from '../models/triage.ts';
import { Feedback } from './feedback.tsx';
import { editRetention, RetentionForm } from './folder-retention.tsx';

const close = () => {
  folderForm.value = null;
};

/**
 * The folder pane's tools: a new folder; for the folder being shown (Brouillons aside) how
 * long it keeps its mail; for the user's own folder, rename and delete (after a
 * confirmation: its messages go to the Corbeille).
 */
export function FolderTools() {
  const form = folderForm.value;
  const folder = selectedMailbox.value;
  const own = folder && !folder.role ? folder : null;
  return (
    <div class="folder-tools">
      <Feedback notice={folderNotice.value} error={folderError.value} />
      {(form?.mode === 'create' || form?.mode === 'rename') && (
        <form
          aria-label={form.mode === 'create' ? 'Nouveau dossier' : 'Renommer le dossier'}
          onSubmit={async (event) => {
            event.preventDefault();
            const done =
              form.mode === 'create'
                ? await createFolder(form.name)
                : await renameFolder(form.id, form.name);
            if (done) close();
          }}
        >
          <label>
            Nom du dossier
            <input
              type="text"
              name="folder-name"
              required
              maxLength={255}
              value={form.name}
              onInput={(e) => {
                folderForm.value = { ...form, name: e.currentTarget.value };
              }}
            />
          </label>
          <p class="actions">
            <button type="submit" class="button primary">
              {form.mode === 'create' ? 'Créer le dossier' : 'Renommer'}
            </button>
            <button type="button" class="button" onClick={close}>
              Annuler
            </button>
          </p>
        </form>
      )}
      {form?.mode === 'delete' && own && form.id === own.id && (
        <section aria-label="Supprimer le dossier">
          <p>Supprimer le dossier « {own.name} » ? Ses messages seront placés dans la Corbeille.</p>
          <p class="actions">
            <button
              type="button"
              class="button primary"
              onClick={async () => {
                if (await deleteFolder(own.id)) close();
              }}
            >
              Confirmer la suppression
            </button>
            <button type="button" class="button" onClick={close}>
              Garder le dossier
            </button>
          </p>
        </section>
      )}
      {form?.mode === 'retention' && folder && form.id === folder.id && (
        <RetentionForm folder={folder} months={form.months} />
      )}
      {!form && (
        <p class="actions">
          <button
            type="button"
            class="button"
            onClick={() => {
              folderNotice.value = null;
              folderForm.value = { mode: 'create', name: '' };
            }}
          >
            Nouveau dossier
          </button>
          {folder && folder.role !== 'drafts' && (
            <button
              type="button"
              class="button"
              aria-label={`Conservation du dossier « ${mailboxLabel(folder)} »`}
              onClick={() => {
                folderNotice.value = null;
                editRetention(folder);
              }}
            >
              Conservation
            </button>
          )}
          {own && (
            <>
              <button
                type="button"
                class="button"
                aria-label={`Renommer le dossier « ${own.name} »`}
                onClick={() => {
                  folderNotice.value = null;
                  folderForm.value = { mode: 'rename', id: own.id, name: own.name };
                }}
              >
                Renommer
              </button>
              <button
                type="button"
                class="button"
                aria-label={`Supprimer le dossier « ${own.name} »`}
                onClick={() => {
                  folderNotice.value = null;
                  folderForm.value = { mode: 'delete', id: own.id };
                }}
              >
                Supprimer le dossier
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
