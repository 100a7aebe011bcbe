import { useRef, useState } from 'preact/hooks';
import type { CachedMailbox } from '../db.ts';
import { mailboxLabel } from '../models/mailbox.ts';

/**
 * "Déplacer vers": a menu button listing the folders (WAI-ARIA menu button pattern):
 * Enter, Space or ArrowDown open it on the first folder, arrows and Home/End move,
 * Escape closes it back on the button, Tab leaves it.
 */
export function MoveMenu(props: {
  targets: CachedMailbox[];
  onMove: (mailboxId: string) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const focusItem = (index: number) => {
    const list = items();
    list[(index + list.length) % list.length]?.focus();
  };
  const show = (index: number) => {
    setOpen(true);
    requestAnimationFrame(() => focusItem(index));
  };
  const hide = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  return (
    <span class="menu">
      <button
        ref={button}
        type="button"
        class="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={props.disabled || props.targets.length === 0}
        onClick={() => (open ? hide(false) : show(0))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            show(0);
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            show(-1);
          }
        }}
      >
        Déplacer vers
      </button>
      {open && (
        <div
          ref={menu}
          role="menu"
          aria-label="Déplacer vers"
          onKeyDown={(event) => {
            const list = items();
            const at = list.indexOf(document.activeElement as HTMLElement);
            if (event.key === 'ArrowDown') focusItem(at + 1);
            else if (event.key === 'ArrowUp') focusItem(at - 1);
            else if (event.key === 'Home') focusItem(0);
            else if (event.key === 'End') focusItem(-1);
            else if (event.key === 'Escape') hide(true);
            else if (event.key === 'Tab') return hide(false);
            else return;
            event.preventDefault();
          }}
        >
          {props.targets.map((m) => (
            <button
              key={m.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                hide(true);
                props.onMove(m.id);
              }}
            >
              {mailboxLabel(m)}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
