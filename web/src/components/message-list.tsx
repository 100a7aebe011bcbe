import { displaySubject } from '../../../shared/mssante/subject.ts';
import type { CachedEmail } from '../db.ts';
import type { DeliveryTone } from '../models/delivery.ts';

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** Today: the time; otherwise: the date. */
export function shortDate(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString()
    ? timeFormat.format(date)
    : dateFormat.format(date);
}

function sender(email: CachedEmail): string {
  const first = email.from?.[0];
  return first ? first.name || first.email : '(expéditeur inconnu)';
}

/** The badge of a sent message in the list: only what needs the sender's eye. */
const TONE_BADGES: Partial<Record<DeliveryTone, string>> = {
  failed: 'Échec de remise',
  read: 'Lu',
  pending: 'En cours d’envoi',
};

/** The type of the drag data: the ids of the messages dragged, as JSON. */
export const DRAG_TYPE = 'application/x-pli-emails';

/**
 * The messages of a folder, newest first; unread in bold. Each has a box to tick it
 * (shift-click ticks a range) and can be dragged onto a folder, with the others ticked.
 */
export function MessageList(props: {
  emails: CachedEmail[];
  openId: string | null;
  onOpen: (email: CachedEmail) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string, range: boolean) => void;
  /** In the Sent folder: how each message's delivery went, by id. */
  tones?: Readonly<Record<string, DeliveryTone>>;
  /** Listed by conversation: how many messages of the row's conversation the folder holds. */
  counts?: Readonly<Record<string, number>> | null;
}) {
  return (
    <ul class="messages" aria-label="Messages">
      {props.emails.map((email) => {
        const unread = !email.keywords.$seen;
        const subject = displaySubject(email.subject) || '(sans objet)';
        const ticked = props.selected.has(email.id);
        const tone = props.tones?.[email.id];
        return (
          <li
            key={email.id}
            class={`${unread ? 'unread' : ''} ${props.openId === email.id ? 'open' : ''} ${ticked ? 'ticked' : ''}`}
            draggable
            onDragStart={(event) => {
              const ids = ticked ? [...props.selected] : [email.id];
              event.dataTransfer?.setData(DRAG_TYPE, JSON.stringify(ids));
              if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
            }}
          >
            <input
              type="checkbox"
              class="tick"
              aria-label={`Sélectionner : ${subject}`}
              checked={ticked}
              onClick={(event) => props.onToggle(email.id, event.shiftKey)}
            />
            <button type="button" onClick={() => props.onOpen(email)}>
              <span class="from">
                {sender(email)}
                {(props.counts?.[email.id] ?? 1) > 1 && (
                  <span class="count">
                    {' '}
                    {props.counts?.[email.id]}
                    <span class="sr-only"> messages dans la conversation</span>
                  </span>
                )}
              </span>
              <span class="date">{shortDate(email.receivedAt)}</span>
              <span class="subject">
                {unread && <span class="sr-only">Non lu : </span>}
                {email.keywords.$flagged && (
                  <span title="Suivi" role="img" aria-label="Suivi">
                    ⚑{' '}
                  </span>
                )}
                {subject}
                {tone && TONE_BADGES[tone] && (
                  <span class={`badge delivery-${tone}`}> {TONE_BADGES[tone]}</span>
                )}
                {email.hasAttachment && (
                  <span title="Pièce jointe" role="img" aria-label="Pièce jointe">
                    {' '}
                    📎
                  </span>
                )}
              </span>
              <span class="preview">{email.preview}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
