import {
  desktopNotices,
  notificationPermission,
  setDesktopNotices,
  setNoticeSender,
} from '../models/desktop-notices.ts';

/**
 * « Notifications sur cet appareil »: new mail announced on the desktop while Pli is open,
 * the browser's permission asked by the click that turns them on.
 */
export function DesktopNoticesSection() {
  const permission = notificationPermission.value;
  if (permission === 'unsupported') {
    return <p class="hint">Ce navigateur ne permet pas les notifications de bureau.</p>;
  }
  const choice = desktopNotices.value;
  return (
    <fieldset class="device-choices">
      <legend>Notifications sur cet appareil</legend>
      <label class="check">
        <input
          type="checkbox"
          name="desktop-notices"
          checked={choice.on && permission === 'granted'}
          disabled={permission === 'denied'}
          onChange={(e) => void setDesktopNotices(e.currentTarget.checked)}
        />{' '}
        Afficher une notification à l’arrivée d’un message quand Pli est ouvert
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="desktop-notices-sender"
          checked={choice.sender}
          disabled={!choice.on || permission !== 'granted'}
          onChange={(e) => setNoticeSender(e.currentTarget.checked)}
        />{' '}
        Indiquer l’expéditeur dans la notification
      </label>
      <p class="hint">
        La notification ne montre jamais l’objet ni le contenu du message.
        {permission === 'denied' &&
          ' Votre navigateur refuse les notifications de Pli : autorisez-les dans ses réglages du site.'}
      </p>
    </fieldset>
  );
}
