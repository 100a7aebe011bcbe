import { displaySubject } from '../../../shared/mssante/subject.ts';
import type { CachedEmail } from '../db.ts';
import { mailboxes, mailboxLabel } from '../models/mailbox.ts';
import { open, openEmail } from '../models/reader.ts';
import {
  LOCAL_LIMIT,
  localPending,
  localResults,
  results,
  serverStatus,
} from '../search/search-model.ts';
import { searchFilters, setFilter } from '../search/search-state.ts';
import { markTerms, type TextPart } from '../search/search-text.ts';
import { FolderOptions } from './folder-options.tsx';
import { shortDate } from './message-list.tsx';

/** Text with its matches marked. */
function Marked({ parts }: { parts: TextPart[] }) {
  return <>{parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}</>;
}

const plain = (text: string): TextPart[] => [{ text, mark: false }];

function sender(email: CachedEmail): string {
  const first = email.from?.[0];
  return first ? first.name || first.email : '(expéditeur inconnu)';
}

/** The names of the folders a message is in. */
function folders(email: CachedEmail): string {
  return mailboxes.value
    .filter((m) => email.mailboxIds[m.id])
    .map(mailboxLabel)
    .join(', ');
}

function ResultItem(props: {
  email: CachedEmail;
  from: TextPart[];
  subject: TextPart[];
  preview: TextPart[];
}) {
  const { email } = props;
  const unread = !email.keywords.$seen;
  return (
    <li
      class={`${unread ? 'unread' : ''} ${openEmail.value?.id === email.id ? 'open' : ''}`}
      data-email-id={email.id}
    >
      <button type="button" onClick={() => void open(email)}>
        <span class="from">
          <Marked parts={props.from} />
        </span>
        <span class="date">{shortDate(email.receivedAt)}</span>
        <span class="subject">
          {unread && <span class="sr-only">Non lu : </span>}
          {email.keywords.$flagged && (
            <span title="Suivi" role="img" aria-label="Suivi">
              ⚑{' '}
            </span>
          )}
          <Marked parts={props.subject} />
          {email.hasAttachment && (
            <span title="Pièce jointe" role="img" aria-label="Pièce jointe">
              {' '}
              📎
            </span>
          )}
        </span>
        <span class="preview">
          <Marked parts={props.preview} />
        </span>
        <span class="folder">{folders(email)}</span>
      </button>
    </li>
  );
}

const SERVER_TEXT = {
  idle: '',
  pending: 'Recherche sur le serveur…',
  done: '',
  offline: 'Hors ligne : résultats du cache seulement.',
  failed: 'Le serveur n’a pas répondu : résultats du cache seulement.',
} as const;

/**
 * The search's results, one list: the cache's matches (newest first, marked here), then
 * those the server found that the cache did not (marked by `SearchSnippet/get`).
 */
export function SearchResults() {
  const { local, server } = results.value;
  const status = serverStatus.value;
  const count = local.length + server.length;
  const waiting = (localPending.value && !localResults.value) || status === 'pending';
  const summary =
    count === 0
      ? waiting
        ? 'Recherche…'
        : 'Aucun message trouvé.'
      : `${count} message${count > 1 ? 's' : ''} trouvé${count > 1 ? 's' : ''}${
          localResults.value?.more ? ` (les ${LOCAL_LIMIT} plus récents de la copie locale)` : ''
        }.`;
  return (
    <section class="search-results" aria-labelledby="search-title">
      <h2 id="search-title">Résultats de la recherche</h2>
      <p class="hint" role="status">
        {summary} {SERVER_TEXT[status]}
      </p>
      {count > 0 && (
        <ul class="messages" aria-label="Résultats de la recherche">
          {local.map((hit) => {
            const subject = displaySubject(hit.email.subject) || '(sans objet)';
            return (
              <ResultItem
                key={hit.email.id}
                email={hit.email}
                from={markTerms(sender(hit.email), hit.terms)}
                subject={markTerms(subject, hit.terms)}
                preview={markTerms(hit.excerpt ?? hit.email.preview, hit.terms)}
              />
            );
          })}
          {server.map((hit) => (
            <ResultItem
              key={hit.email.id}
              email={hit.email}
              from={plain(sender(hit.email))}
              subject={hit.subject ?? plain(displaySubject(hit.email.subject) || '(sans objet)')}
              preview={hit.preview ?? plain(hit.email.preview)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The search's filters: from, to, dates, attachment, unread, flagged, folder. */
export function SearchFilterPanel() {
  const filters = searchFilters.value;
  const text = (key: 'from' | 'to' | 'after' | 'before') => (event: Event) =>
    setFilter(key, (event.currentTarget as HTMLInputElement).value);
  const box = (key: 'hasAttachment' | 'unread' | 'flagged') => (event: Event) =>
    setFilter(key, (event.currentTarget as HTMLInputElement).checked);
  return (
    <fieldset class="search-filters" id="search-filters">
      <legend class="sr-only">Filtres de recherche</legend>
      <label>
        De
        <input type="text" value={filters.from} onInput={text('from')} autocomplete="off" />
      </label>
      <label>
        À
        <input type="text" value={filters.to} onInput={text('to')} autocomplete="off" />
      </label>
      <label>
        Depuis le
        <input type="date" value={filters.after} onInput={text('after')} />
      </label>
      <label>
        Jusqu’au
        <input type="date" value={filters.before} onInput={text('before')} />
      </label>
      <label>
        Dossier
        <select
          value={filters.mailboxId}
          onChange={(event) => setFilter('mailboxId', event.currentTarget.value)}
        >
          <option value="">Tous les dossiers</option>
          <FolderOptions folders={mailboxes.value} />
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={filters.hasAttachment} onChange={box('hasAttachment')} />
        Avec pièce jointe
      </label>
      <label class="check">
        <input type="checkbox" checked={filters.unread} onChange={box('unread')} />
        Non lus
      </label>
      <label class="check">
        <input type="checkbox" checked={filters.flagged} onChange={box('flagged')} />
        Suivis
      </label>
    </fieldset>
  );
}
