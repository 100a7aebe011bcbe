import { signal } from '@preact/signals';
import { EMERGENCY_NOTICE } from '../../../shared/notices.ts';
import { serverUrl } from '../../utils/settings.ts';

const server = signal<string | null>(null);
serverUrl.getValue().then((value) => {
  server.value = value;
});

/** The popup: which Pli server this extension uses, and a link to open the webmail. */
export function Popup() {
  return (
    <main>
      <h1>Pli</h1>
      <p>Messagerie sécurisée de santé MSSanté.</p>
      {server.value && (
        <p>
          Serveur : <code>{server.value}</code>
        </p>
      )}
      {server.value && (
        <a href={server.value} target="_blank" rel="noreferrer">
          Ouvrir la messagerie
        </a>
      )}
      <p class="emergency">{EMERGENCY_NOTICE}</p>
    </main>
  );
}
