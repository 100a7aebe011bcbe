import { useEffect, useState } from 'preact/hooks';
import { defaultPeriod, frenchDay, loadStats, stats, statsOutcome } from '../../models/operator.ts';
import { OutcomeLine } from './outcome-line.tsx';

const figure = (value: number | null) => (value === null ? '—' : value.toLocaleString('fr-FR'));

/** "Statistiques": the anonymous daily totals of a period, as a table. */
export function StatsSection() {
  const [period, setPeriod] = useState(defaultPeriod);
  useEffect(() => {
    loadStats(period.from, period.to);
  }, []);
  const rows = stats.value;
  return (
    <section aria-labelledby="stats-title">
      <h3 id="stats-title">Statistiques</h3>
      <p class="hint">
        Totaux quotidiens anonymes, calculés chaque nuit pour la veille : ils ne désignent personne.
        Les données d’usage par utilisateur qui servent à les calculer sont anonymisées au bout de 3
        mois.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          loadStats(period.from, period.to);
        }}
      >
        <label for="stats-from">Du</label>
        <input
          id="stats-from"
          type="date"
          required
          value={period.from}
          onInput={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
        />
        <label for="stats-to">Au</label>
        <input
          id="stats-to"
          type="date"
          required
          value={period.to}
          onInput={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
        />
        <button type="submit" class="button">
          Afficher les statistiques
        </button>
      </form>
      <OutcomeLine outcome={statsOutcome.value} />
      {rows && (
        <table>
          <caption>Statistiques quotidiennes anonymes</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Utilisateurs actifs</th>
              <th scope="col">Actions</th>
              <th scope="col">BAL ouvertes</th>
              <th scope="col">Délégations en cours</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5}>Aucune statistique sur cette période.</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.day}>
                  <th scope="row">{frenchDay(row.day)}</th>
                  <td>{figure(row.activeUsers)}</td>
                  <td>{figure(row.actions)}</td>
                  <td>{figure(row.balsLive)}</td>
                  <td>{figure(row.delegationsLive)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
