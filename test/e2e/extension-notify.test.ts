import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postInbound } from '../../scripts/lib/dev-inbound.ts';
import { DEMO_IDENTITIES } from '../../server/dev/demo-identities.ts';
import { messageLink } from '../../shared/message-link.ts';
import { type LoadedExtension, loadExtension, pairExtension } from './lib/extension.ts';
import { loginWithPsc } from './lib/login.ts';

/** The part of the extension API the evaluations below use (they run in its service worker). */
declare const chrome: {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  notifications: {
    getAll(): Promise<Record<string, boolean>>;
    create(id: string, options: Record<string, unknown>): Promise<string>;
  };
  action: { getBadgeText(details: object): Promise<string> };
};

const baseUrl = inject('baseUrl');
const thomas = DEMO_IDENTITIES.find((p) => p.givenName === 'Thomas');
const THOMAS = 'thomas.lefevre@pharmacien.pli.mssante.fr';
const SENDER = 'helene.vasseur@chu-lyon-demo.mssante.fr';
let extension: LoadedExtension;
let worker: Worker;

beforeAll(async () => {
  extension = await loadExtension(baseUrl);
  worker = extension.worker;
});
afterAll(async () => {
  await extension?.browser.close();
});

function deliver(subject: string) {
  const raw = [
    `From: Dr Hélène Vasseur <${SENDER}>`,
    `To: <${THOMAS}>`,
    `Subject: ${subject}`,
    `Message-ID: <notify-${Date.now()}-${Math.random()}@chu-lyon-demo.mssante.fr>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Bonjour, voici le résultat.',
    '',
  ].join('\r\n');
  return postInbound(baseUrl, raw, SENDER, THOMAS);
}

/** Records what each notification shows, as the service worker creates it. */
async function recordNotifications(): Promise<void> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { shown?: Record<string, unknown>[] };
    if (scope.shown) return;
    scope.shown = [];
    const create = chrome.notifications.create.bind(chrome.notifications);
    chrome.notifications.create = (id, options) => {
      scope.shown?.push({ id, ...options });
      return create(id, options);
    };
  });
}

const shown = () =>
  worker.evaluate(
    () => (globalThis as unknown as { shown: { id: string; message: string }[] }).shown,
  );
const mailNotifications = async () =>
  Object.keys(await worker.evaluate(() => chrome.notifications.getAll())).filter((id) =>
    id.startsWith('pli-mail|'),
  );
const badge = () => worker.evaluate(() => chrome.action.getBadgeText({}));
const stored = (key: string) =>
  worker.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key);

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms: number) {
  const end = Date.now() + ms;
  let value = await probe();
  while (!ok(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

describe('new-mail notifications of the extension in Chromium', () => {
  it('notifies a message delivered to the paired BAL within 5 s, names no subject, counts it on the badge, and stops once the device is revoked', {
    timeout: 150_000,
  }, async () => {
    const pwa = await extension.browser.context.newPage();
    await loginWithPsc(pwa, baseUrl, thomas?.idNat ?? '');
    const popup = await pairExtension(extension);

    // Paired: the live stream is open and the BAL's state is known.
    expect(
      await until(
        () => stored('watchMode'),
        (m) => m === 'stream',
        10_000,
      ),
    ).toBe('stream');
    const states = await until(
      () => stored('emailStates') as Promise<Record<string, string> | undefined>,
      (s) => Object.keys(s ?? {}).length > 0,
      10_000,
    );
    const accountId = Object.keys(states ?? {})[0] as string;
    await popup.getByRole('heading', { name: 'Boîtes aux lettres suivies' }).waitFor();
    await popup.getByRole('checkbox', { name: THOMAS }).waitFor();
    expect(await popup.getByRole('checkbox', { name: THOMAS }).isChecked()).toBe(true);
    expect(await popup.textContent('body')).toContain("En cas d'urgence, composez le 15");
    const before = Number((await badge()) || 0);
    await recordNotifications();

    const subject = 'Résultat HbA1c de Mme Durand';
    const start = Date.now();
    expect((await deliver(subject)).status).toBe(200);
    const ids = await until(mailNotifications, (list) => list.length > 0, 5_000);
    const took = Date.now() - start;
    expect(ids).toHaveLength(1);
    expect(took).toBeLessThan(5_000);
    expect(await until(badge, (text) => text === String(before + 1), 5_000 - took + 500)).toBe(
      String(before + 1),
    );
    const [notification] = await shown();
    expect(notification?.message).toBe(`Nouveau message dans la BAL ${THOMAS}`);
    expect(JSON.stringify(await shown())).not.toContain('HbA1c');
    expect(JSON.stringify(await shown())).not.toContain('Vasseur');
    await popup.getByText(`${before + 1} non lu`).waitFor();

    // The click opens the message in the PWA: the address the notification carries.
    const emailId = decodeURIComponent(ids[0]?.split('|')[2] ?? '');
    expect(emailId).not.toBe('');
    const opened = await extension.browser.context.newPage();
    await opened.goto(messageLink(baseUrl, accountId, emailId));
    await opened.getByRole('heading', { name: subject }).waitFor();
    expect(new URL(opened.url()).hash).toBe('');
    await opened.close();

    // With the setting, the notification names the sender (never the subject).
    await popup.getByRole('checkbox', { name: 'Afficher l’expéditeur' }).check();
    await until(
      () => stored('notifyShowsSender'),
      (v) => v === true,
      2_000,
    );
    expect((await deliver('Compte rendu opératoire')).status).toBe(200);
    const withSender = await until(shown, (list) => list.length > 1, 5_000);
    expect(withSender[1]?.message).toBe(
      `Nouveau message dans la BAL ${THOMAS}\nDe : Dr Hélène Vasseur`,
    );

    // Revoked in the PWA: the stream ends, the next call answers 401, everything stops.
    await pwa.goto(baseUrl);
    await pwa.getByText('Sécurité du compte').click();
    await pwa.getByRole('button', { name: 'Afficher mes appareils' }).click();
    const items = pwa.getByRole('listitem').filter({ hasText: 'Extension Pli — Chromium' });
    await items.first().waitFor();
    // This one (and any left by an earlier run on the same stack).
    while ((await items.count()) > 0) {
      const count = await items.count();
      await items.first().getByRole('button', { name: 'Révoquer' }).click();
      await items.first().getByRole('button', { name: 'Révoquer l’appareil' }).click();
      await until(
        () => items.count(),
        (n) => n < count,
        5_000,
      );
    }
    await popup.getByText('Déconnecté', { exact: true }).waitFor({ timeout: 15_000 });
    await popup.getByText('Cet appareil a été déconnecté de Pli').waitFor();
    await popup.getByRole('button', { name: 'Appairer' }).waitFor();
    expect(await stored('deviceToken')).toBeUndefined();
    expect(await until(badge, (text) => text === '', 5_000)).toBe('');
    expect(await mailNotifications()).toEqual([]);

    const count = (await shown()).length;
    expect((await deliver('Après révocation')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await shown()).length).toBe(count);
    expect(await mailNotifications()).toEqual([]);
    expect(await badge()).toBe('');
  });
});
