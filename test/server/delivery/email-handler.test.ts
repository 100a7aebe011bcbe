import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { handleEmail } from '../../../server/handlers/email.ts';
import { rawMail, usedBytes, whitelistDomains } from '../support/delivery-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';

/** An incoming message as Email Routing hands it to the Worker. */
function incoming(from: string, to: string, raw: Uint8Array<ArrayBuffer>) {
  const outcome: { rejected: string | null } = { rejected: null };
  const message = {
    from,
    to,
    raw: new Blob([raw]).stream(),
    rawSize: raw.byteLength,
    headers: new Headers(),
    setReject(reason: string) {
      outcome.rejected = reason;
    },
    forward: async () => ({ messageId: '' }),
    reply: async () => ({ messageId: '' }),
  } as unknown as ForwardableEmailMessage;
  return { message, outcome };
}

describe('email() handler', () => {
  it('stores a message from the trust space in the recipient BAL', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const person = await makePerson();
    const bal = await makeBal(person.idNat, 'claire.martin@medecin.pli.mssante.fr');
    const sender = 'dr.durand@chu-lyon-demo.mssante.fr';
    const { message, outcome } = incoming(
      sender,
      bal.address,
      rawMail({ from: sender, to: bal.address }),
    );
    await handleEmail(message, env);
    expect(outcome.rejected).toBeNull();
    expect(await usedBytes(bal.id)).toBeGreaterThan(0);
  });

  it('rejects a sender outside the trust space', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat, 'claire.martin@medecin.pli.mssante.fr');
    const { message, outcome } = incoming(
      'x@gmail.com',
      bal.address,
      rawMail({ from: 'x@gmail.com', to: bal.address }),
    );
    await handleEmail(message, env);
    expect(outcome.rejected).toBe('550 5.7.1 sender_outside_trust_space');
    expect(await usedBytes(bal.id)).toBe(0);
  });

  it('rejects an unknown recipient', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const sender = 'dr.durand@chu-lyon-demo.mssante.fr';
    const to = 'nobody@medecin.pli.mssante.fr';
    const { message, outcome } = incoming(sender, to, rawMail({ from: sender, to }));
    await handleEmail(message, env);
    expect(outcome.rejected).toBe('550 5.1.1 unknown_recipient');
  });
});
