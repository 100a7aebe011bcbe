import { useState } from 'preact/hooks';
import {
  csvReasonText,
  importMedicoSocial,
  medicoSocialOutcome,
  medicoSocialResult,
} from '../../models/operator.ts';
import { OutcomeLine } from './outcome-line.tsx';

/** "Comptes médico-sociaux": a registration authority's CSV, imported, with each row's fate. */
export function MedicoSocialSection() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const result = medicoSocialResult.value;
  return (
    <section aria-labelledby="medico-social-title">
      <h3 id="medico-social-title">Comptes médico-sociaux</h3>
      <p class="hint">
        Fichier CSV de l’autorité d’enregistrement (UTF-8, séparateur « ; » ou « , ») avec les
        colonnes idNat, civilite, nom, prenom, email, mobile (facultatif), profession (facultatif).
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setBusy(true);
          await importMedicoSocial(file);
          setBusy(false);
        }}
      >
        <label for="medico-social-file">Fichier CSV des comptes</label>
        <input
          id="medico-social-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <button type="submit" class="button primary" disabled={!file || busy}>
          Importer les comptes
        </button>
      </form>
      <OutcomeLine outcome={medicoSocialOutcome.value} />
      {result && (
        <table>
          <caption>Résultat de l’import, ligne par ligne</caption>
          <thead>
            <tr>
              <th scope="col">Ligne ou identifiant</th>
              <th scope="col">Résultat</th>
            </tr>
          </thead>
          <tbody>
            {result.created.map((row) => (
              <tr key={`c-${row.idNat}`}>
                <td>{row.idNat}</td>
                <td>Créé : {row.address}</td>
              </tr>
            ))}
            {result.skipped.map((idNat) => (
              <tr key={`s-${idNat}`}>
                <td>{idNat}</td>
                <td>Déjà connu, inchangé</td>
              </tr>
            ))}
            {result.errors.map((row) => (
              <tr key={`e-${row.line}`}>
                <td>Ligne {row.line}</td>
                <td>Refusée : {csvReasonText(row.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
