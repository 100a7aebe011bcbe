import { batch, type Signal } from '@preact/signals';

/**
 * The registry of models: each one's signals with their first values, and its own cleanup.
 * Views hold no state; models do, and `resetModels()` gives it all back at logout and when
 * another person signs in, so nothing of one person (a device token just created, a TOTP
 * secret, a draft, an open message) is left in the tab for the next one.
 */
const resets: (() => void)[] = [];

/**
 * Registers a model's signals (and an optional cleanup, for timers) and returns them as
 * given: `export const { a, b } = createModel({ a: signal(''), b: signal(null) })`.
 */
export function createModel<T extends Record<string, Signal<unknown>>>(
  signals: T,
  dispose?: () => void,
): T {
  const initial = Object.values(signals).map((s) => [s, s.peek()] as const);
  resets.push(() => {
    dispose?.();
    batch(() => {
      for (const [s, value] of initial) s.value = value;
    });
  });
  return signals;
}

/** Puts every model back to its first state. */
export function resetModels(): void {
  for (const reset of resets) reset();
}
