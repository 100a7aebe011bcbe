import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A button for an action that cannot be undone (revoking a device, removing a delegate):
 * the first press asks, in place, and only the second, explicit one acts. Escape or
 * « Annuler » steps back; focus goes to the question's confirm button and back.
 */
export function ConfirmButton(props: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => unknown;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useLayoutEffect(() => {
    if (asking) confirm.current?.focus();
    else if (returnFocus.current) opener.current?.focus();
    returnFocus.current = false;
  }, [asking]);
  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  if (!asking) {
    return (
      <button ref={opener} type="button" class="button" onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <fieldset
      class="confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
      }}
    >
      <legend>{props.question}</legend>
      <button
        ref={confirm}
        type="button"
        class="button danger"
        onClick={() => {
          setAsking(false);
          void props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>{' '}
      <button type="button" class="button" onClick={cancel}>
        Annuler
      </button>
    </fieldset>
  );
}
