import { afterEach, beforeEach } from 'vitest';
import { takeDiagnostics } from './lib/diagnostics.ts';

// Each test starts with a clean record; a failed one prints what the browser met.
beforeEach(() => {
  takeDiagnostics();
});
afterEach((context) => {
  const lines = takeDiagnostics();
  if (context.task.result?.state === 'fail' && lines.length > 0) {
    console.error(`What the browser met during « ${context.task.name} »:\n${lines.join('\n')}`);
  }
});
