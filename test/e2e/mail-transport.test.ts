import { describe, expect, inject, it } from 'vitest';
import { postInbound as postRelay } from '../../scripts/lib/dev-inbound.ts';
import type { DevOutbox } from '../../shared/dev-outbox.ts';
import type { InboundResponse } from '../../shared/mssante/inbound.ts';

const baseUrl = inject('baseUrl');
const CLAIRE = 'claire.martin@medecin.pli.mssante.fr';
const SENDER = 'helene.vasseur@chu-lyon-demo.mssante.fr';
/** The fictional patient of the demo conversation (server/dev/demo-mail/patient.ts). */
const DEMO_PATIENT = '256036912304545@patient.mssante.fr';

function postInbound(raw: string, mailFrom: string, rcptTo: string) {
  return postRelay(baseUrl, raw, mailFrom, rcptTo);
}

describe('mail transport on a running Pli', () => {
  it('receives a relay message for a demo BAL once (whitelist sample seeded)', async () => {
    const raw = [
      `From: Dr Hélène Vasseur <${SENDER}>`,
      `To: <${CLAIRE}>`,
      'Subject: =?UTF-8?Q?Avis_cardiologique_=E2=80=94_test?=',
      `Message-ID: <e2e-${Date.now()}@chu-lyon-demo.mssante.fr>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Bonjour, avis joint.',
      '',
    ].join('\r\n');
    const first = await postInbound(raw, SENDER, CLAIRE);
    expect(first.status).toBe(200);
    expect(((await first.json()) as InboundResponse).results[0]?.status).toBe('stored');
    const again = await postInbound(raw, SENDER, CLAIRE);
    expect(((await again.json()) as InboundResponse).results[0]?.status).toBe('duplicate');
  });

  it('refuses an unsigned relay request', async () => {
    const response = await fetch(`${baseUrl}/inbound`, { method: 'POST', body: 'From: x' });
    expect(response.status).toBe(401);
  });

  it('hands mail for other operators to the queue, whose dev sink shows it in /dev/outbox', async () => {
    // The demo seed wrote to a patient (another operator); the queue consumer runs in the
    // background, so wait for its two messages.
    let items: DevOutbox['items'] = [];
    for (let i = 0; i < 60 && items.length < 2; i++) {
      const outbox = (await (
        await fetch(`${baseUrl}/dev/outbox?to=${encodeURIComponent(DEMO_PATIENT)}`)
      ).json()) as DevOutbox;
      items = outbox.items.filter((item) => item.kind === 'operator-mail');
      if (items.length < 2) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(items.map((item) => item.subject).sort()).toEqual([
      'Résultats de votre bilan sanguin',
      '[FIN]',
    ]);
    expect(items[0]?.from).toBe(CLAIRE);
    expect(items[0]?.body).toContain('X-MSS-NIL');
  });
});
