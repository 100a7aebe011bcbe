import type { Outcome } from '../../models/operator.ts';

/** A section's last result: a status when it worked, an alert when it did not. */
export function OutcomeLine({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p role="status">{outcome.text}</p>
  ) : (
    <p role="alert" class="error">
      {outcome.text}
    </p>
  );
}
