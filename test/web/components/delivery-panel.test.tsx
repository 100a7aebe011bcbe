import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageReader } from '../../../web/src/components/message-reader.tsx';
import { type CachedEmail, db } from '../../../web/src/db.ts';
import { accountId, mailboxes, syncStatus } from '../../../web/src/models/mailbox.ts';
import { close, open } from '../../../web/src/models/reader.ts';
import { fakeApi } from '../fake-api.ts';

const ACCOUNT = 'acc-1';
const sent: CachedEmail = {
  accountId: ACCOUNT,
  id: 'm-sent',
  threadId: 't-1',
  mailboxIds: { 'mb-sent': true },
  keywords: { $seen: true },
  from: [{ name: 'Dr Claire Martin', email: 'claire.martin@medecin.pli.mssante.fr' }],
  to: [
    { name: null, email: 'karim.benali@medecin.pli.mssante.fr' },
    { name: null, email: 'dr.x@chu-lyon-demo.mssante.fr' },
  ],
  subject: 'Avis',
  receivedAt: '2026-12-01T08:00:00.000Z',
  preview: 'Bonjour',
  hasAttachment: false,
  size: 1000,
};

let host: HTMLElement | undefined;
afterEach(async () => {
  if (host) render(null, host);
  host?.remove();
  close();
  accountId.value = null;
  vi.restoreAllMocks();
  await db.bodies.clear();
  await db.mailboxes.clear();
});

/** Opens `email` in the reader, its body already cached, with the Sent folder known. */
async function show(email: CachedEmail) {
  await db.bodies.put({
    accountId: ACCOUNT,
    id: email.id,
    html: null,
    text: 'Bonjour',
    cc: null,
    attachments: [],
  });
  await db.mailboxes.put({
    accountId: ACCOUNT,
    id: 'mb-sent',
    name: 'Envoyés',
    role: 'sent',
    parentId: null,
    sortOrder: 0,
    totalEmails: 1,
    unreadEmails: 0,
  });
  syncStatus.value = 'idle';
  accountId.value = ACCOUNT;
  await expect.poll(() => mailboxes.value.length).toBe(1);
  await open(email);
  host = document.createElement('div');
  document.body.append(host);
  render(<MessageReader />, host);
  return host;
}

describe('the delivery panel of a sent message', () => {
  it('shows in French where each recipient stands, from EmailSubmission/get', async () => {
    const spy = fakeApi({
      'POST /jmap/api': {
        body: {
          sessionState: 's',
          methodResponses: [
            ['EmailSubmission/query', { ids: ['S1'] }, 'q'],
            [
              'EmailSubmission/get',
              {
                list: [
                  {
                    emailId: 'm-sent',
                    deliveryStatus: {
                      'karim.benali@medecin.pli.mssante.fr': {
                        delivered: 'yes',
                        smtpReply: '250 2.0.0 Remis',
                        displayed: 'yes',
                      },
                      'dr.x@chu-lyon-demo.mssante.fr': {
                        delivered: 'no',
                        smtpReply: '552 5.2.2 Mailbox full',
                        displayed: 'unknown',
                      },
                    },
                  },
                ],
              },
              'g',
            ],
          ],
        },
      },
    });
    const view = await show(sent);
    await expect
      .poll(() => view.querySelector('.delivery')?.textContent ?? '')
      .toContain('Suivi de la remise');
    const items = [...view.querySelectorAll('.delivery li')].map((li) => li.textContent);
    expect(items).toEqual([
      'karim.benali@medecin.pli.mssante.fr : Lu (accusé de lecture reçu)',
      'dr.x@chu-lyon-demo.mssante.fr : Échec de remise : boîte du destinataire pleine',
    ]);
    expect(view.querySelector('.delivery li.delivery-failed')?.textContent).toContain('dr.x@');
    // Asked by the message's id, never by anything it contains.
    const asked = spy.mock.calls
      .map((call) => String(call[1]?.body))
      .find((body) => body.includes('EmailSubmission/get'));
    expect(asked).toContain('"emailIds":["m-sent"]');
  });

  it('offers no reply to a delivery report from mailer-daemon', async () => {
    fakeApi({});
    const report: CachedEmail = {
      ...sent,
      id: 'm-dsn',
      mailboxIds: { inbox: true },
      from: [{ name: 'Système de messagerie Pli', email: 'mailer-daemon@pli.mssante.fr' }],
      subject: 'Échec de remise',
    };
    const view = await show(report);
    await expect
      .poll(() => view.querySelector('#reader-subject')?.textContent)
      .toBe('Échec de remise');
    const buttons = [...view.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).not.toContain('Répondre');
    expect(buttons).not.toContain('Répondre à tous');
    expect(buttons).toContain('Transférer');
    expect(view.querySelector('.delivery')).toBeNull();
  });
});
