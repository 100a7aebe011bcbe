import { EMERGENCY_NOTICE } from '../../../shared/notices.ts';

/** The emergency notice, present on every screen. */
export function EmergencyNotice() {
  return (
    <p class="emergency" role="note">
      <strong>{EMERGENCY_NOTICE}</strong>. Pli n’est pas adapté aux situations d’urgence.
    </p>
  );
}
