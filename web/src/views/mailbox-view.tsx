import { useEffect } from 'preact/hooks';
import { Composer } from '../components/composer.tsx';
import { MessageList } from '../components/message-list.tsx';
import { MessageReader } from '../components/message-reader.tsx';
import { composing, newMessage, restoreDraft, sentNotice } from '../models/composer.ts';
import {
  closeAccount,
  mailboxes,
  mailboxLabel,
  messages,
  openAccount,
  selectedMailbox,
  selectedMailboxId,
  syncStatus,
} from '../models/mailbox.ts';
import { open, openEmail } from '../models/reader.ts';

const STATUS_TEXT = {
  idle: '',
  syncing: 'Synchronisation…',
  offline: 'Hors connexion : affichage de la copie locale.',
  error: 'La synchronisation a échoué ; nouvel essai au prochain changement.',
} as const;

/** A BAL's mail: folders, the selected folder's messages, the open message. */
export function MailboxView({ balId, address }: { balId: string; address: string }) {
  useEffect(() => {
    openAccount(balId);
    void restoreDraft(balId);
    return closeAccount;
  }, [balId]);
  const folder = selectedMailbox.value;
  const title = folder ? mailboxLabel(folder) : 'Boîte de réception';
  return (
    <div class="mail">
      <nav class="folders" aria-label="Dossiers">
        <button type="button" class="button primary" onClick={newMessage}>
          Nouveau message
        </button>
        <ul>
          {mailboxes.value.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                aria-current={m.id === selectedMailboxId.value ? 'page' : undefined}
                onClick={() => {
                  selectedMailboxId.value = m.id;
                }}
              >
                {mailboxLabel(m)}
                {m.unreadEmails > 0 && <span class="count"> {m.unreadEmails}</span>}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section class="inbox" aria-labelledby="inbox-title">
        <h2 id="inbox-title">{title}</h2>
        <p class="hint">
          {address} {STATUS_TEXT[syncStatus.value]}
        </p>
        {messages.value.length === 0 ? (
          <p class="empty">
            {folder?.role === 'inbox' || !folder
              ? 'Aucun message dans votre boîte de réception.'
              : 'Aucun message dans ce dossier.'}
          </p>
        ) : (
          <MessageList emails={messages.value} openId={openEmail.value?.id ?? null} onOpen={open} />
        )}
      </section>
      <div class="pane">
        {sentNotice.value && !composing.value && (
          <p class="notice" role="status">
            {sentNotice.value}
          </p>
        )}
        <Composer />
        {!composing.value && <MessageReader />}
      </div>
    </div>
  );
}
