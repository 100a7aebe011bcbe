import { useEffect } from 'preact/hooks';
import { Composer } from '../components/composer.tsx';
import { RetentionNotice } from '../components/folder-retention.tsx';
import { FolderTools } from '../components/folder-tools.tsx';
import { KeyboardShortcuts } from '../components/keyboard-shortcuts.tsx';
import { DRAG_TYPE, MessageList } from '../components/message-list.tsx';
import { MoveMenu } from '../components/move-menu.tsx';
import { QuotaMeter } from '../components/quota-meter.tsx';
import { LazySearch, SearchBox } from '../components/search-box.tsx';
import { VacationBanner } from '../components/vacation-banner.tsx';
import type { CachedEmail } from '../db.ts';
import { composing, newMessage, restoreDraft, sentNotice } from '../models/composer.ts';
// Desktop notifications of new mail follow the open BAL (when the person turned them on).
import '../models/desktop-notices.ts';
import {
  byConversation,
  listed,
  setByConversation,
  withConversations,
} from '../models/conversations.ts';
import { loadSentTones, sentTones } from '../models/delivery.ts';
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
import { openLinked } from '../models/message-route.ts';
import { cleanupOpen } from '../models/quota.ts';
import { open, openEmail } from '../models/reader.ts';
import {
  archive,
  lastUndo,
  moveTargets,
  moveTo,
  selectedEmails,
  selectedIds,
  setFlagged,
  setRead,
  toggleAll,
  toggleSelected,
  trash,
  undo,
} from '../models/triage.ts';
import { clearSearch, searchActive } from '../search/search-state.ts';
import { LazyPending, useLazyComponent } from './lazy.tsx';

const loadCleanup = () =>
  import('../components/cleanup-assistant.tsx').then((m) => m.CleanupAssistant);

const loadReader = () => import('../components/message-reader.tsx').then((m) => m.MessageReader);

/**
 * The reader, fetched the first time a message opens (with it the HTML sanitizer): the
 * list shows first. Nothing to show while no message is open.
 */
function LazyReader() {
  const { View, failed } = useLazyComponent(loadReader, openEmail.value !== null);
  if (View) return <View />;
  return openEmail.value ? <LazyPending failed={failed} /> : null;
}

/** « Libérer de l’espace », fetched the first time it is opened. */
function LazyCleanup() {
  const { View, failed } = useLazyComponent(loadCleanup);
  return View ? <View /> : <LazyPending failed={failed} />;
}

const STATUS_TEXT = {
  idle: '',
  syncing: 'Synchronisation…',
  offline: 'Hors connexion : affichage de la copie locale.',
  error: 'La synchronisation a échoué ; nouvel essai au prochain changement.',
} as const;

/** The messages dragged onto a folder, from the drag data's ids. */
function dropped(event: DragEvent): CachedEmail[] {
  try {
    const ids = JSON.parse(event.dataTransfer?.getData(DRAG_TYPE) || '[]') as string[];
    return messages.value.filter((e) => ids.includes(e.id));
  } catch {
    return [];
  }
}

const accepts = (event: DragEvent) => event.dataTransfer?.types.includes(DRAG_TYPE) === true;

/** What can be done with the ticked messages: tick all, move, archive, delete, read, flag. */
function ListTools() {
  const list = listed.value.emails;
  // Listed by conversation, a ticked row stands for its whole conversation in the folder.
  const chosen = withConversations(selectedEmails.value);
  const all = list.length > 0 && selectedEmails.value.length === messages.value.length;
  const none = chosen.length === 0;
  const inTrash = selectedMailbox.value?.role === 'trash';
  return (
    <div class="list-tools" role="toolbar" aria-label="Actions sur la sélection">
      <label class="check">
        <input type="checkbox" checked={all} onChange={toggleAll} />
        Tout sélectionner
      </label>
      {!none && <span class="hint">{chosen.length} sélectionné(s)</span>}
      <label class="check">
        <input
          type="checkbox"
          checked={byConversation.value}
          onChange={(e) => setByConversation(e.currentTarget.checked)}
        />
        Regrouper par conversation
      </label>
      <MoveMenu
        targets={moveTargets.value}
        disabled={none}
        onMove={(id) => void moveTo(chosen, id)}
      />
      <button type="button" class="button" disabled={none} onClick={() => archive(chosen)}>
        Archiver
      </button>
      <button type="button" class="button" disabled={none} onClick={() => trash(chosen)}>
        {inTrash ? 'Supprimer définitivement' : 'Supprimer'}
      </button>
      <button type="button" class="button" disabled={none} onClick={() => setRead(chosen, true)}>
        Marquer comme lu
      </button>
      <button type="button" class="button" disabled={none} onClick={() => setRead(chosen, false)}>
        Marquer comme non lu
      </button>
      <button
        type="button"
        class="button"
        disabled={none}
        onClick={() => setFlagged(chosen, !chosen.every((e) => e.keywords.$flagged))}
      >
        {!none && chosen.every((e) => e.keywords.$flagged) ? 'Ne plus suivre' : 'Suivre'}
      </button>
    </div>
  );
}

/** A BAL's mail: folders, the selected folder's messages, the open message. */
export function MailboxView({ balId, address }: { balId: string; address: string }) {
  useEffect(() => {
    openAccount(balId);
    void restoreDraft(balId).then(() => openLinked(balId));
    return closeAccount;
  }, [balId]);
  const folder = selectedMailbox.value;
  const title = folder ? mailboxLabel(folder) : 'Boîte de réception';
  // In the Sent folder each message shows how its delivery went (failed, read…).
  const inSent = folder?.role === 'sent';
  // Loaded once a sync has settled, and again only when other messages are listed.
  const idle = syncStatus.value === 'idle';
  const listedIds = inSent ? messages.value.map((e) => e.id).join(' ') : '';
  useEffect(() => {
    if (inSent && idle) void loadSentTones(balId, listedIds.split(' ').filter(Boolean));
  }, [balId, inSent, idle, listedIds]);
  return (
    <div class={openEmail.value || composing.value ? 'mail reading' : 'mail'}>
      <nav class="folders" aria-label="Dossiers">
        <button type="button" class="button primary" onClick={newMessage}>
          Nouveau message
        </button>
        <ul>
          {mailboxes.value.map((m) => (
            <li
              key={m.id}
              onDragOver={(event) => {
                if (!accepts(event) || m.id === selectedMailboxId.value) return;
                event.preventDefault();
                if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
                event.currentTarget.classList.add('drop-target');
              }}
              onDragLeave={(event) => event.currentTarget.classList.remove('drop-target')}
              onDrop={(event) => {
                event.preventDefault();
                event.currentTarget.classList.remove('drop-target');
                void moveTo(dropped(event), m.id);
              }}
            >
              <button
                type="button"
                aria-current={m.id === selectedMailboxId.value ? 'page' : undefined}
                onClick={() => {
                  selectedMailboxId.value = m.id;
                  clearSearch();
                }}
              >
                {mailboxLabel(m)}
                {m.unreadEmails > 0 && (
                  <span class="count">
                    {' '}
                    {m.unreadEmails}
                    <span class="sr-only"> non lu(s)</span>
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        <FolderTools />
        <QuotaMeter />
      </nav>
      {/* While a search is shown, the folder's own content is hidden (search.css), kept. */}
      <section
        class={searchActive.value ? 'inbox searching' : 'inbox'}
        aria-labelledby="inbox-title"
      >
        <VacationBanner />
        <SearchBox />
        {searchActive.value && <LazySearch part="results" />}
        <h2 id="inbox-title">{title}</h2>
        <p class="hint">
          {address} {STATUS_TEXT[syncStatus.value]}
        </p>
        <RetentionNotice />
        {lastUndo.value && (
          <p class="notice" role="status">
            {lastUndo.value.text}{' '}
            <button type="button" class="button" onClick={() => undo()}>
              Annuler
            </button>
          </p>
        )}
        {messages.value.length === 0 ? (
          <p class="empty">
            {folder?.role === 'inbox' || !folder
              ? 'Aucun message dans votre boîte de réception.'
              : 'Aucun message dans ce dossier.'}
          </p>
        ) : (
          <>
            <ListTools />
            <MessageList
              emails={listed.value.emails}
              counts={listed.value.counts}
              openId={openEmail.value?.id ?? null}
              onOpen={(email) => {
                cleanupOpen.value = false;
                void open(email);
              }}
              selected={selectedIds.value}
              onToggle={(id, range) => toggleSelected(id, { range })}
              tones={inSent ? sentTones.value : undefined}
            />
          </>
        )}
      </section>
      <div class="pane">
        {sentNotice.value && !composing.value && (
          <p class="notice" role="status">
            {sentNotice.value}
          </p>
        )}
        <KeyboardShortcuts />
        <Composer />
        {!composing.value && (cleanupOpen.value ? <LazyCleanup /> : <LazyReader />)}
      </div>
    </div>
  );
}
