import { useState } from 'preact/hooks';
import type { CachedEmail } from '../db.ts';
import { htmlToText } from '../lib/mail-text.ts';
import { thread } from '../models/conversations.ts';
import { loadBody, open } from '../models/reader.ts';

const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
const authorOf = (email: CachedEmail) =>
  email.from?.[0]?.name || email.from?.[0]?.email || 'Expéditeur inconnu';

/** One other message of the conversation, collapsed; its text read when it is opened. */
function Folded({ account, email }: { account: string; email: CachedEmail }) {
  const [text, setText] = useState<string | null>(null);
  return (
    <li>
      <details
        onToggle={async (event) => {
          if (!event.currentTarget.open || text !== null) return;
          const body = await loadBody(account, email.id);
          setText(body?.text ?? (body?.html ? htmlToText(body.html) : email.preview));
        }}
      >
        <summary>
          <strong>{authorOf(email)}</strong>, {when.format(new Date(email.receivedAt))} :{' '}
          <span class="preview">{email.preview}</span>
        </summary>
        <p class="conversation-text">{text ?? 'Chargement…'}</p>
        <p class="actions">
          <button type="button" class="button" onClick={() => void open(email)}>
            Ouvrir ce message
          </button>
        </p>
      </details>
    </li>
  );
}

/**
 * The conversation of the open message (Thread/get, every folder): its messages in order,
 * the others collapsed (opened in place), the open one marked.
 */
export function ConversationPanel({ account, email }: { account: string; email: CachedEmail }) {
  const messages = thread.value;
  if (messages.length < 2 || !messages.some((m) => m.id === email.id)) return null;
  return (
    <section class="conversation" aria-label="Conversation">
      <h3>Conversation : {messages.length} messages</h3>
      <ol>
        {messages.map((m) =>
          m.id === email.id ? (
            <li key={m.id} aria-current="true">
              <strong>{authorOf(m)}</strong>, {when.format(new Date(m.receivedAt))} : ce message
            </li>
          ) : (
            <Folded key={m.id} account={account} email={m} />
          ),
        )}
      </ol>
    </section>
  );
}
