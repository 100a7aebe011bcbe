import type { Page } from 'playwright-core';

/**
 * Logs a person in through the local Pro Santé Connect stand-in; `login_hint` skips the
 * card chooser. Ends on the webmail, signed in.
 */
export async function loginWithPsc(page: Page, baseUrl: string, idNat: string): Promise<void> {
  await page.goto(`${baseUrl}/auth/psc/login?login_hint=${idNat}`);
  await page.waitForURL(`${baseUrl}/**`);
  await page.getByRole('button', { name: 'Se déconnecter', exact: true }).waitFor();
}
