import { describe, expect, it } from 'vitest';
import { bearerToken, makeDelegation, makePerson } from '../support/factories.ts';
import { jmap, makeAccount, plainDraft, result, roleId } from '../support/mail.ts';

/** Creates a draft in the holder's BAL as `token`; answers its Sender and From, as parsed. */
async function draftAs(token: string, accountId: string, from: string) {
  const drafts = await roleId(token, accountId, 'drafts');
  const made = await jmap(token, [
    ['Email/set', { accountId, create: { d: plainDraft(drafts, from) } }, 's'],
  ]);
  const id = result(made, 'Email/set').created.d.id;
  const body = await jmap(token, [
    ['Email/get', { accountId, ids: [id], properties: ['sender', 'from'] }, 'g'],
  ]);
  return result(body, 'Email/get').list[0] as {
    sender: { name: string | null; email: string }[] | null;
    from: { email: string }[];
  };
}

describe('Sender of a delegate’s mail (RFC 5322 section 3.6.2)', () => {
  it('names the delegate who writes in the holder’s BAL, with their own BAL’s address', async () => {
    const holder = await makeAccount();
    const delegate = await makeAccount();
    await makeDelegation(holder.accountId, delegate.person.idNat, holder.person.idNat);
    const made = await draftAs(delegate.token, holder.accountId, holder.bal.address);
    expect(made.from[0]?.email).toBe(holder.bal.address);
    expect(made.sender).toEqual([
      {
        name: `${delegate.person.givenName} ${delegate.person.familyName}`,
        email: delegate.bal.address,
      },
    ]);
  });

  it('names a delegate without a BAL of their own by name, on the BAL’s address', async () => {
    const holder = await makeAccount();
    const secretary = await makePerson({ givenName: 'Sophie', familyName: 'Bernard' });
    await makeDelegation(holder.accountId, secretary.idNat, holder.person.idNat);
    const token = await bearerToken(secretary.idNat);
    const made = await draftAs(token, holder.accountId, holder.bal.address);
    expect(made.sender).toEqual([{ name: 'Sophie Bernard', email: holder.bal.address }]);
  });

  it('writes no Sender for the holder, and forbids a client to write one', async () => {
    const holder = await makeAccount();
    expect((await draftAs(holder.token, holder.accountId, holder.bal.address)).sender).toBeNull();
    const drafts = await roleId(holder.token, holder.accountId, 'drafts');
    const body = await jmap(holder.token, [
      [
        'Email/set',
        {
          accountId: holder.accountId,
          create: {
            d: plainDraft(drafts, holder.bal.address, {
              'header:Sender:asAddresses': [
                { name: 'Quelqu’un', email: 'autre@medecin.pli.mssante.fr' },
              ],
            }),
          },
        },
        's',
      ],
    ]);
    expect(result(body, 'Email/set').notCreated.d.type).toBe('invalidProperties');
  });
});
