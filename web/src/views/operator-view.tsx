import { consoleOpen } from '../models/operator.ts';
import { BannerSection } from './operator/banner-section.tsx';
import { CguSection } from './operator/cgu-section.tsx';
import { DirectorySection } from './operator/directory-section.tsx';
import { MedicoSocialSection } from './operator/medico-social-section.tsx';
import { StatsSection } from './operator/stats-section.tsx';

/**
 * "Console d'exploitation", for operators only (the home view shows its button to them
 * alone; the API refuses everyone else): medico-social accounts, CGU, maintenance banner,
 * anonymous statistics, directory import.
 */
export function OperatorView() {
  return (
    <section aria-labelledby="operator-title" class="operator">
      <h2 id="operator-title">Console d’exploitation</h2>
      <p>
        <button
          type="button"
          class="button"
          onClick={() => {
            consoleOpen.value = false;
          }}
        >
          Fermer la console
        </button>
      </p>
      <MedicoSocialSection />
      <CguSection />
      <BannerSection />
      <StatsSection />
      <DirectorySection />
    </section>
  );
}
