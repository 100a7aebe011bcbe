import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkRecipients } from '../../../server/delivery/recipients.ts';
import { DEFAULT_QUOTA_BYTES } from '../../../shared/mssante/limits.ts';
import { whitelistDomains } from '../support/delivery-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';

describe('checkRecipients', () => {
  it('accepts operator domains and their subdomains, whitelisted domains and valid patients', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat, 'claire.martin@medecin.pli.mssante.fr');
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const check = await checkRecipients(env, [
      'Claire.Martin@medecin.pli.mssante.fr',
      'dr.x@chu-lyon-demo.mssante.fr',
      '184077512345657@patient.mssante.fr',
    ]);
    expect(check).toEqual({
      ok: true,
      local: [
        {
          address: 'claire.martin@medecin.pli.mssante.fr',
          balId: bal.id,
          quotaBytes: DEFAULT_QUOTA_BYTES,
        },
      ],
      remote: ['dr.x@chu-lyon-demo.mssante.fr', '184077512345657@patient.mssante.fr'],
    });
  });

  it('tells an unknown address on an operator domain (delivered as a bounce, not refused)', async () => {
    const check = await checkRecipients(env, ['nobody@medecin.pli.mssante.fr']);
    expect(check).toEqual({
      ok: true,
      local: [{ address: 'nobody@medecin.pli.mssante.fr', balId: null }],
      remote: [],
    });
  });

  it('refuses the whole sending when one recipient is outside the trust space, naming each', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const check = await checkRecipients(env, [
      'dr.x@chu-lyon-demo.mssante.fr',
      'someone@gmail.com',
      '184077512345658@patient.mssante.fr',
      'not an address',
    ]);
    expect(check).toEqual({
      ok: false,
      refused: [
        { address: 'someone@gmail.com', reason: 'outside_trust_space' },
        { address: '184077512345658@patient.mssante.fr', reason: 'invalid_patient_address' },
        { address: 'not an address', reason: 'invalid_address' },
      ],
    });
  });

  it('refuses a look-alike of an operator domain', async () => {
    const check = await checkRecipients(env, ['x@evilpli.mssante.fr']);
    expect(check.ok).toBe(false);
  });

  it('refuses a subdomain of a whitelisted domain that is not itself listed', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const check = await checkRecipients(env, ['x@sub.chu-lyon-demo.mssante.fr']);
    expect(check).toEqual({
      ok: false,
      refused: [{ address: 'x@sub.chu-lyon-demo.mssante.fr', reason: 'outside_trust_space' }],
    });
  });

  it('counts a recipient given twice once', async () => {
    await whitelistDomains('medecin.mssante.fr');
    const check = await checkRecipients(env, ['a@medecin.mssante.fr', '<A@Medecin.mssante.fr>']);
    expect(check).toEqual({ ok: true, local: [], remote: ['a@medecin.mssante.fr'] });
  });
});
