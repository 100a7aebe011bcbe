import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { isMachineAddress } from '../../../shared/mssante/auto-reply.ts';
import type { CachedEmail } from '../db.ts';
import { bareKey, typingIn } from '../lib/keys.ts';
import { composing, forward, newMessage, reply } from '../models/composer.ts';
import { listed } from '../models/conversations.ts';
import { close, open, openEmail } from '../models/reader.ts';
import { archive, selectedEmails, trash } from '../models/triage.ts';

/** The list of shortcuts is shown (`?`). */
const helpOpen = signal(false);

/** The shortcuts, in French, as the help lists them (`/` is the search box's own). */
const SHORTCUTS: [key: string, what: string][] = [
  ['c', 'Nouveau message'],
  ['r', 'Répondre'],
  ['a', 'Répondre à tous'],
  ['f', 'Transférer'],
  ['e', 'Archiver'],
  ['#', 'Mettre à la corbeille'],
  ['j', 'Message suivant'],
  ['k', 'Message précédent'],
  ['/', 'Rechercher'],
  ['?', 'Afficher cette liste'],
];

/** The ticked messages, else the open one. */
function targets(): CachedEmail[] {
  const ticked = selectedEmails.peek();
  if (ticked.length > 0) return ticked;
  const shown = openEmail.peek();
  return shown ? [shown] : [];
}

/** The message `step` rows away from the open one (the first one when none is open). */
function neighbour(step: 1 | -1): CachedEmail | undefined {
  const list = listed.peek().emails;
  const at = list.findIndex((e) => e.id === openEmail.peek()?.id);
  return at === -1 ? list[0] : list[at + step];
}

function onKey(event: KeyboardEvent) {
  if (!bareKey(event) || typingIn(event.target)) return;
  if (event.key === 'Escape' && helpOpen.peek()) {
    helpOpen.value = false;
    return;
  }
  // While writing (the composer is open), only the help.
  if (composing.peek() && event.key !== '?') return;
  const shown = openEmail.peek();
  // Nobody reads a reply to a delivery report or another machine's message.
  const answerable = shown && !(shown.from ?? []).some((a) => isMachineAddress(a.email));
  const act: Record<string, () => unknown> = {
    c: () => newMessage(),
    r: () => answerable && reply(shown),
    a: () => answerable && reply(shown, { all: true }),
    f: () => shown && forward(shown),
    e: () => targets().length && archive(targets()).then(() => shown && close()),
    '#': () => targets().length && trash(targets()).then(() => shown && close()),
    j: () => {
      const next = neighbour(1);
      if (next) void open(next);
    },
    k: () => {
      const previous = neighbour(-1);
      if (previous) void open(previous);
    },
    '?': () => {
      helpOpen.value = !helpOpen.peek();
    },
  };
  const action = act[event.key];
  if (!action) return;
  event.preventDefault();
  void action();
}

/**
 * The webmail's keyboard shortcuts (Gmail's letters, which most users already know), off
 * while typing in a field, and the list of them (`?`).
 */
export function KeyboardShortcuts() {
  useEffect(() => {
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  if (!helpOpen.value) return null;
  return (
    <section class="shortcuts" role="dialog" aria-label="Raccourcis clavier">
      <h2>Raccourcis clavier</h2>
      <dl>
        {SHORTCUTS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p class="actions">
        <button
          type="button"
          class="button"
          onClick={() => {
            helpOpen.value = false;
          }}
        >
          Fermer
        </button>
      </p>
    </section>
  );
}
