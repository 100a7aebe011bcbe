import { cleanupOpen, humanSize, quota } from '../models/quota.ts';

/** The BAL's storage: a meter and "12,3 Mo utilisés sur 2 Go"; a warning near the limit. */
export function QuotaMeter() {
  const use = quota.value;
  if (!use || use.hardLimit <= 0) return null;
  const percent = Math.min(100, Math.round((use.used / use.hardLimit) * 100));
  const near = use.warnLimit !== null && use.used >= use.warnLimit;
  return (
    <div class="quota">
      <meter
        min={0}
        max={use.hardLimit}
        high={use.warnLimit ?? undefined}
        value={use.used}
        aria-label="Espace de stockage utilisé"
      >
        {percent} %
      </meter>
      <p class="hint">
        {humanSize(use.used)} utilisés sur {humanSize(use.hardLimit)} ({percent} %)
      </p>
      {near && (
        <p class="problem" role="alert">
          Votre boîte aux lettres est presque pleine : supprimez des messages pour continuer à
          recevoir et envoyer.
        </p>
      )}
      <button
        type="button"
        class="button"
        onClick={() => {
          cleanupOpen.value = true;
        }}
      >
        Libérer de l’espace
      </button>
    </div>
  );
}
