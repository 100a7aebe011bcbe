import { signal } from '@preact/signals';
import { browser } from '#imports';
import { EMERGENCY_NOTICE } from '../../../shared/notices.ts';
import { type SessionBal, sessionBals } from '../../utils/followed.ts';
import type { ComposeRequest, Correspondent } from '../../utils/messages.ts';
import { type Outgoing, type OutgoingMessage, outbox } from '../../utils/outgoing.ts';
import type { SubmitAnswer } from '../../utils/send-via-mssante.ts';

/**
 * The compose window of "Envoyer via MSSanté": an extension page, so that nothing of the
 * message is ever in the host page. It shows what was pointed at (the passage in the body,
 * the page as its source, the document with its name, size and a preview) and sends
 * through the background, which holds the token.
 */

const item = signal<Outgoing | null>(null);
const missing = signal(false);
const bals = signal<SessionBal[]>([]);
const from = signal('');
const to = signal('');
const cc = signal('');
const subject = signal('');
const body = signal('');
const readReceipt = signal(false);
const sending = signal(false);
const outcome = signal<SubmitAnswer | null>(null);
const suggestions = signal<Correspondent[]>([]);
const previewUrl = signal<string | null>(null);

function ask<T>(request: ComposeRequest): Promise<T> {
  return browser.runtime.sendMessage(request) as Promise<T>;
}

/** Reads the item the window was opened on (`compose.html#<id>`). */
export async function loadCompose(id: string): Promise<void> {
  const found = id ? await outbox.get(id) : undefined;
  if (!found) {
    missing.value = true;
    return;
  }
  item.value = found;
  bals.value = await sessionBals.getValue();
  const message = found.message;
  from.value = message?.accountId ?? bals.value[0]?.id ?? '';
  to.value = message?.to.join(', ') ?? '';
  cc.value = message?.cc.join(', ') ?? '';
  subject.value =
    message?.subject ?? (found.attachment?.name || found.source.title || 'Document').slice(0, 200);
  body.value = message?.body ?? (found.selection ? `${found.selection.trim()}\n` : '');
  readReceipt.value = message?.readReceipt ?? false;
  if (found.state === 'refused') outcome.value = { state: 'refused', reason: found.problem ?? '' };
  if (found.state === 'queued') outcome.value = { state: 'queued', reason: found.problem ?? '' };
  if (found.state === 'sent') outcome.value = { state: 'sent' };
  if (found.attachment) previewUrl.value = URL.createObjectURL(found.attachment.data);
  suggestions.value = await ask<Correspondent[]>({ type: 'correspondents' }).catch(() => []);
}

function addresses(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;

/** The word being typed after the last comma: what the directory is searched for. */
function onRecipientsInput(value: string): void {
  to.value = value;
  clearTimeout(searchTimer);
  const typed = value.split(/[,;]/).pop()?.trim() ?? '';
  searchTimer = setTimeout(async () => {
    suggestions.value =
      typed.length >= 2
        ? await ask<Correspondent[]>({ type: 'directory', query: typed }).catch(() => [])
        : await ask<Correspondent[]>({ type: 'correspondents' }).catch(() => []);
  }, 250);
}

function choose(address: string): void {
  const kept = to.value
    .split(/[,;]/)
    .slice(0, -1)
    .map((a) => a.trim())
    .filter(Boolean);
  const typed = to.value.split(/[,;]/).pop()?.trim() ?? '';
  // The word being typed is replaced, unless it is already a full address.
  const list = typed.includes('@') && typed !== address ? [...kept, typed] : kept;
  if (!list.includes(address)) list.push(address);
  to.value = `${list.join(', ')}, `;
  document.getElementById('to')?.focus();
}

async function send(event: Event): Promise<void> {
  event.preventDefault();
  const current = item.value;
  if (!current || sending.value) return;
  const message: OutgoingMessage = {
    accountId: from.value,
    to: addresses(to.value),
    cc: addresses(cc.value),
    subject: subject.value.trim(),
    body: body.value,
    readReceipt: readReceipt.value,
  };
  sending.value = true;
  outcome.value = null;
  try {
    outcome.value = await ask<SubmitAnswer>({ type: 'compose-send', id: current.id, message });
    if (outcome.value.state === 'sent') setTimeout(() => window.close(), 2_500);
  } catch {
    outcome.value = {
      state: 'refused',
      reason: 'L’extension n’a pas pu traiter l’envoi. Rien n’a été envoyé ; réessayez.',
    };
  } finally {
    sending.value = false;
  }
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

function Attachment({ value }: { value: Outgoing }) {
  const attachment = value.attachment;
  if (!attachment) {
    return value.attachmentProblem ? (
      <p class="problem" role="alert">
        {value.attachmentProblem}
      </p>
    ) : null;
  }
  const url = previewUrl.value;
  return (
    <section class="attachment" aria-label="Pièce jointe">
      <p>
        Pièce jointe : <strong>{attachment.name}</strong> ({size(attachment.size)})
      </p>
      {url && attachment.type.startsWith('image/') && (
        <img class="preview" src={url} alt={`Aperçu de ${attachment.name}`} />
      )}
      {url && attachment.type === 'application/pdf' && (
        <iframe class="preview" src={url} title={`Aperçu de ${attachment.name}`} />
      )}
    </section>
  );
}

function Outcome() {
  const value = outcome.value;
  if (!value) return null;
  if (value.state === 'sent') {
    return (
      <p role="status" class="sent">
        Message envoyé.
      </p>
    );
  }
  if (value.state === 'queued') {
    return (
      <p role="status" class="hint">
        {value.reason}
      </p>
    );
  }
  return (
    <p role="alert" class="problem">
      {value.reason}
    </p>
  );
}

/** The compose window. */
export function Compose() {
  const current = item.value;
  const done = outcome.value?.state === 'sent' || outcome.value?.state === 'queued';
  return (
    <main>
      <h1>Envoyer via MSSanté</h1>
      <p role="note" class="emergency">
        {EMERGENCY_NOTICE}
      </p>
      {missing.value && <p class="problem">Ce message n’existe plus (envoyé ou abandonné).</p>}
      {current && (
        <form onSubmit={send}>
          {bals.value.length === 0 ? (
            <p class="problem">
              L’extension n’est pas appairée à Pli : appairez-la depuis son menu.
            </p>
          ) : (
            <label>
              De
              <select value={from.value} onChange={(e) => (from.value = e.currentTarget.value)}>
                {bals.value.map((bal) => (
                  <option key={bal.id} value={bal.id}>
                    {bal.address}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            À
            <input
              id="to"
              autoComplete="off"
              value={to.value}
              onInput={(e) => onRecipientsInput(e.currentTarget.value)}
              placeholder="Nom d’un correspondant ou adresse MSSanté"
            />
          </label>
          {suggestions.value.length > 0 && (
            <ul class="suggestions" aria-label="Correspondants proposés">
              {suggestions.value.map((c) => (
                <li key={c.address}>
                  <button type="button" onClick={() => choose(c.address)}>
                    {c.name ? `${c.name} — ` : ''}
                    {c.address}
                    {c.detail ? ` (${c.detail})` : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label>
            Cc
            <input value={cc.value} onInput={(e) => (cc.value = e.currentTarget.value)} />
          </label>
          <label>
            Objet
            <input value={subject.value} onInput={(e) => (subject.value = e.currentTarget.value)} />
          </label>
          <label>
            Message
            <textarea value={body.value} onInput={(e) => (body.value = e.currentTarget.value)} />
          </label>
          <p class="hint source">
            Source : {current.source.title ? `${current.source.title} — ` : ''}
            {current.source.url}
          </p>
          <Attachment value={current} />
          <label class="check">
            <input
              type="checkbox"
              checked={readReceipt.value}
              onChange={(e) => (readReceipt.value = e.currentTarget.checked)}
            />
            Demander un accusé de lecture
          </label>
          <Outcome />
          <p>
            {done ? (
              <button type="button" onClick={() => window.close()}>
                Fermer
              </button>
            ) : (
              <button type="submit" disabled={sending.value || bals.value.length === 0}>
                {sending.value ? 'Envoi…' : 'Envoyer'}
              </button>
            )}
          </p>
        </form>
      )}
    </main>
  );
}
