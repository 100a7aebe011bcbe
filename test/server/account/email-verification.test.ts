import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { confirmEmailCode, sendEmailCode } from '../../../server/account/email-verification.ts';
import { readContacts } from '../../../server/auth/contacts.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { makePerson } from '../support/factories.ts';
import { lastCode } from '../support/identity.ts';

const message = { subject: 'Vérification', text: (code: string) => `Code : ${code}.` };

describe('personal email verification', () => {
  it('forbids an address on the second configured operator domain (after a space) from passing as a personal email', async () => {
    const person = await makePerson();
    const twoDomains = { ...env, OPERATOR_DOMAINS: 'pli.mssante.fr, autre-operateur.fr' };
    await expect(
      sendEmailCode(twoDomains, person.idNat, 'camille@autre-operateur.fr', 'onboarding', message),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await listOutbox(env.DB, { to: 'camille@autre-operateur.fr', limit: 1 })).toEqual([]);
  });

  it('makes the address the verified contact with the code sent to it, and returns the one it replaces', async () => {
    const person = await makePerson();
    await sendEmailCode(env, person.idNat, 'premiere@example.org', 'settings-email', message);
    await confirmEmailCode(
      env.DB,
      person.idNat,
      await lastCode('premiere@example.org'),
      'settings-email',
    );
    await sendEmailCode(env, person.idNat, 'seconde@example.org', 'settings-email', message);
    const code = await lastCode('seconde@example.org');
    expect(await confirmEmailCode(env.DB, person.idNat, code, 'settings-email')).toEqual({
      email: 'seconde@example.org',
      previous: 'premiere@example.org',
    });
    expect(await readContacts(env.DB, person.idNat)).toMatchObject({
      email: 'seconde@example.org',
      emailVerified: true,
    });
  });

  it('forbids a wrong code and a code used twice from verifying the address', async () => {
    const person = await makePerson();
    await sendEmailCode(env, person.idNat, 'camille@example.org', 'onboarding', message);
    const code = await lastCode('camille@example.org');
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(confirmEmailCode(env.DB, person.idNat, wrong, 'onboarding')).rejects.toMatchObject(
      { code: 'invalid_code' },
    );
    await confirmEmailCode(env.DB, person.idNat, code, 'onboarding');
    await expect(confirmEmailCode(env.DB, person.idNat, code, 'onboarding')).rejects.toMatchObject({
      code: 'invalid_code',
    });
  });
});
