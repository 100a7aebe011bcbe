import { env } from 'cloudflare:workers';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMdn, mdnRequest, sendReadReceipt } from '../../../server/delivery/mdn.ts';
import { rawMail, usedBytes } from '../support/delivery-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';

const KARIM = 'karim.benali@medecin.pli.mssante.fr';
const CLAIRE = 'claire.martin@medecin.pli.mssante.fr';

describe('mdnRequest', () => {
  it('finds no request in a message without Disposition-Notification-To', () => {
    expect(mdnRequest(rawMail({ from: KARIM, to: CLAIRE }))).toBeNull();
  });

  it('asks the user when the address differs from the Return-Path', () => {
    const asked = rawMail({
      from: KARIM,
      to: CLAIRE,
      headers: { 'Disposition-Notification-To': `Dr Benali <${KARIM}>` },
    });
    expect(mdnRequest(asked)).toEqual({ notifyTo: KARIM, askUser: true });
    const same = rawMail({
      from: KARIM,
      to: CLAIRE,
      headers: { 'Return-Path': `<${KARIM}>`, 'Disposition-Notification-To': KARIM },
    });
    expect(mdnRequest(same)).toEqual({ notifyTo: KARIM, askUser: false });
  });
});

describe('buildMdn', () => {
  it('builds an RFC 8098 disposition notification', async () => {
    const original = rawMail({
      from: KARIM,
      to: CLAIRE,
      subject: 'Avis',
      messageId: '<orig-9@pli.mssante.fr>',
      headers: { 'Disposition-Notification-To': KARIM },
    });
    const raw = buildMdn({
      original,
      balAddress: CLAIRE,
      reportingDomain: 'pli.mssante.fr',
      notifyTo: KARIM,
      messageId: '<mdn.1@pli.mssante.fr>',
      date: new Date(),
    });
    const text = new TextDecoder().decode(raw);
    expect(text).toMatch(/multipart\/report; report-type=disposition-notification;/);
    expect(text).toContain('Content-Type: message/disposition-notification');
    expect(text).toContain(`Final-Recipient: rfc822; ${CLAIRE}`);
    expect(text).toContain('Original-Message-ID: <orig-9@pli.mssante.fr>');
    expect(text).toContain('Disposition: manual-action/MDN-sent-manually; displayed');
    expect(text).toContain('X-MSS-NIL: ');
    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe('Accusé de lecture : Avis');
    expect(parsed.inReplyTo).toBe('<orig-9@pli.mssante.fr>');
  });
});

describe('sendReadReceipt', () => {
  async function bals() {
    const claire = await makeBal((await makePerson()).idNat, CLAIRE);
    const karim = await makeBal((await makePerson()).idNat, KARIM);
    return { claire, karim };
  }

  it('delivers the receipt to the asking sender once, however often the user confirms', async () => {
    const { claire, karim } = await bals();
    const original = rawMail({
      from: KARIM,
      to: CLAIRE,
      headers: { 'Disposition-Notification-To': KARIM },
    });
    const input = { balId: claire.id, balAddress: CLAIRE, original };
    expect(await sendReadReceipt(env, input)).toMatchObject({ ok: true });
    const used = await usedBytes(karim.id);
    expect(used).toBeGreaterThan(0);
    expect(await sendReadReceipt(env, input)).toMatchObject({ ok: true });
    expect(await usedBytes(karim.id)).toBe(used);
  });

  it('sends nothing for a message that asks for no receipt', async () => {
    const { claire } = await bals();
    const result = await sendReadReceipt(env, {
      balId: claire.id,
      balAddress: CLAIRE,
      original: rawMail({ from: KARIM, to: CLAIRE }),
    });
    expect(result).toMatchObject({ ok: false, reason: 'not_requested' });
  });

  it('refuses to send a receipt outside the trust space', async () => {
    const { claire } = await bals();
    const result = await sendReadReceipt(env, {
      balId: claire.id,
      balAddress: CLAIRE,
      original: rawMail({
        from: KARIM,
        to: CLAIRE,
        headers: { 'Disposition-Notification-To': 'tracker@gmail.com' },
      }),
    });
    expect(result).toEqual({
      ok: false,
      refused: [{ address: 'tracker@gmail.com', reason: 'outside_trust_space' }],
    });
  });
});
