import { useState } from 'preact/hooks';
import { directoryOutcome, directoryResult, importDirectory } from '../../models/operator.ts';
import { OutcomeLine } from './outcome-line.tsx';

/** "Annuaire": imports an extract of the national directory (the file is sent as it is). */
export function DirectorySection() {
  const [file, setFile] = useState<File | null>(null);
  const [allowMassRemoval, setAllowMassRemoval] = useState(false);
  const [busy, setBusy] = useState(false);
  const result = directoryResult.value;
  return (
    <section aria-labelledby="directory-admin-title">
      <h3 id="directory-admin-title">Import de l’annuaire</h3>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setBusy(true);
          await importDirectory(file, allowMassRemoval);
          setBusy(false);
        }}
      >
        <label for="directory-file">Fichier d’extraction de l’annuaire</label>
        <input
          id="directory-file"
          type="file"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={allowMassRemoval}
            onChange={(e) => setAllowMassRemoval(e.currentTarget.checked)}
          />{' '}
          Autoriser le retrait de plus de la moitié de l’annuaire
        </label>
        <button type="submit" class="button" disabled={!file || busy}>
          Importer l’annuaire
        </button>
      </form>
      <OutcomeLine outcome={directoryOutcome.value} />
      {result && (
        <dl>
          <dt>Lignes lues</dt>
          <dd>{result.rowsRead}</dd>
          <dt>Lignes ignorées</dt>
          <dd>{result.rowsSkipped}</dd>
          <dt>Ajoutées</dt>
          <dd>{result.added}</dd>
          <dt>Mises à jour</dt>
          <dd>{result.updated}</dd>
          <dt>Inchangées</dt>
          <dd>{result.unchanged}</dd>
          <dt>Retirées</dt>
          <dd>{result.removed}</dd>
        </dl>
      )}
    </section>
  );
}
