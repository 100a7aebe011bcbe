import type { BrowserContext } from 'playwright-core';

/** The last browser-side troubles (script errors, failed or 5xx requests), newest last. */
const recent: string[] = [];
const KEPT = 40;

function note(line: string) {
  recent.push(`${new Date().toISOString()} ${line}`);
  if (recent.length > KEPT) recent.shift();
}

/** A URL without its query (paths carry ids, never names or tokens). */
const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return url.slice(0, 80);
  }
};

/**
 * Records what goes wrong in the pages of `context`, so that a failed test can say what
 * the browser met (printed by `setup.ts` after a failure; nothing is printed otherwise).
 */
export function watchContext(context: BrowserContext): void {
  context.on('page', (page) => {
    page.on('pageerror', (error) => note(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') note(`console error: ${message.text().slice(0, 300)}`);
    });
    page.on('requestfailed', (request) =>
      note(
        `request failed: ${request.method()} ${pathOf(request.url())} ${request.failure()?.errorText ?? ''}`,
      ),
    );
    page.on('response', (response) => {
      if (response.status() >= 500)
        note(
          `answered ${response.status()}: ${response.request().method()} ${pathOf(response.url())}`,
        );
    });
  });
}

/** What was recorded since the last call, and forgets it. */
export function takeDiagnostics(): string[] {
  return recent.splice(0, recent.length);
}
