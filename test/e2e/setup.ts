import { afterEach, beforeEach } from 'vitest';
import { closePagesOpenedSince, keepScreens, openPages } from './lib/browser.ts';
import { takeDiagnostics } from './lib/diagnostics.ts';

let pagesBefore: ReturnType<typeof openPages> = new Set();

// Each test starts with a clean record; a failed one prints what the browser met.
beforeEach(() => {
  takeDiagnostics();
  pagesBefore = openPages();
});
afterEach(async (context) => {
  const lines = takeDiagnostics();
  if (context.task.result?.state === 'fail' && lines.length > 0) {
    console.error(`What the browser met during « ${context.task.name} »:\n${lines.join('\n')}`);
  }
  if (context.task.result?.state === 'fail') await keepScreens(context.task.name, pagesBefore);
  // Each test closes what it opened (a browser opened in beforeAll keeps its first page).
  await closePagesOpenedSince(pagesBefore);
});
