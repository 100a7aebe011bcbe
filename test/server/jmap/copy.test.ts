import { describe, expect, it } from 'vitest';
import { bearerToken, makeBal, makeDelegation, makePerson } from '../support/factories.ts';
import { deliver, jmap, makeAccount, rawMessage, result, roleId } from '../support/mail.ts';

/** A holder's BAL with one delivered message, and a delegate who also has a BAL of their own. */
async function delegateWithTwoBals() {
  const holder = await makeAccount();
  const delegate = await makePerson();
  const own = await makeBal(delegate.idNat);
  await makeDelegation(holder.accountId, delegate.idNat, holder.person.idNat);
  const token = await bearerToken(delegate.idNat);
  const delivered = await deliver(
    holder.accountId,
    rawMessage({ subject: 'Résultats de biologie' }),
  );
  if (delivered.status !== 'stored') throw new Error('not delivered');
  return { holder, own: own.id, token, emailId: delivered.emailId };
}

describe('Email/copy and Blob/copy', () => {
  it('forbids copying within one account: invalidArguments', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const body = await jmap(token, [
      ['Blob/copy', { fromAccountId: accountId, accountId, blobIds: ['placeholder'] }, 'b'],
      [
        'Email/copy',
        {
          fromAccountId: accountId,
          accountId,
          create: { x: { id: 'placeholder', mailboxIds: { [inbox]: true } } },
        },
        'e',
      ],
    ]);
    expect(body.methodResponses.map((r) => [r[0], r[1].type, r[2]])).toEqual([
      ['error', 'invalidArguments', 'b'],
      ['error', 'invalidArguments', 'e'],
    ]);
  });

  it('lets a delegate copy a message from the holder’s BAL into their own, and move it back', async () => {
    const { holder, own, token, emailId } = await delegateWithTwoBals();
    const ownArchive = await roleId(token, own, 'archive');
    const copied = await jmap(token, [
      [
        'Email/copy',
        {
          fromAccountId: holder.accountId,
          accountId: own,
          create: {
            c: { id: emailId, mailboxIds: { [ownArchive]: true }, keywords: { $seen: true } },
          },
        },
        'c',
      ],
      [
        'Email/get',
        { accountId: own, ids: ['#c'], properties: ['subject', 'mailboxIds', 'keywords'] },
        'g',
      ],
    ]);
    const copy = result(copied, 'Email/copy');
    expect(copy).toMatchObject({
      fromAccountId: holder.accountId,
      accountId: own,
      notCreated: null,
    });
    const copyId = copy.created.c.id;
    expect(result(copied, 'Email/get').list).toEqual([
      {
        id: copyId,
        subject: 'Résultats de biologie',
        mailboxIds: { [ownArchive]: true },
        keywords: { $seen: true },
      },
    ]);

    const holderInbox = await roleId(token, holder.accountId, 'inbox');
    const back = await jmap(token, [
      [
        'Email/copy',
        {
          fromAccountId: own,
          accountId: holder.accountId,
          create: { b: { id: copyId, mailboxIds: { [holderInbox]: true } } },
          onSuccessDestroyOriginal: true,
        },
        'b',
      ],
      ['Email/get', { accountId: own, ids: [copyId], properties: ['subject'] }, 'g'],
    ]);
    expect(result(back, 'Email/copy').created.b.id).toEqual(expect.any(String));
    // The original is destroyed by an implicit Email/set on the source account.
    expect(result(back, 'Email/set', 'b').destroyed).toEqual([copyId]);
    expect(result(back, 'Email/get').notFound).toEqual([copyId]);
  });

  it('answers notCreated for a source email that does not exist', async () => {
    const { holder, own, token } = await delegateWithTwoBals();
    const ownInbox = await roleId(token, own, 'inbox');
    const body = await jmap(token, [
      [
        'Email/copy',
        {
          fromAccountId: holder.accountId,
          accountId: own,
          create: { bad: { id: 'Mnonexistent', mailboxIds: { [ownInbox]: true } } },
        },
        'c',
      ],
    ]);
    const copy = result(body, 'Email/copy');
    expect(copy.created).toBeNull();
    expect(copy.notCreated.bad.type).toBe('notFound');
  });

  it('copies a blob between the two BALs, and answers blobNotFound for one that does not exist', async () => {
    const { holder, own, token, emailId } = await delegateWithTwoBals();
    const got = await jmap(token, [
      ['Email/get', { accountId: holder.accountId, ids: [emailId], properties: ['blobId'] }, 'g'],
    ]);
    const blobId = result(got, 'Email/get').list[0].blobId;
    const ownInbox = await roleId(token, own, 'inbox');
    const body = await jmap(token, [
      [
        'Blob/copy',
        { fromAccountId: holder.accountId, accountId: own, blobIds: [blobId, 'nonexistent-blob'] },
        'b',
      ],
    ]);
    const copy = result(body, 'Blob/copy');
    expect(copy.copied).toEqual({ [blobId]: expect.any(String) });
    expect(copy.notCopied).toEqual({ 'nonexistent-blob': { type: 'blobNotFound' } });
    const imported = await jmap(token, [
      [
        'Email/import',
        {
          accountId: own,
          emails: { i: { blobId: copy.copied[blobId], mailboxIds: { [ownInbox]: true } } },
        },
        'i',
      ],
    ]);
    expect(Object.keys(result(imported, 'Email/import').created)).toEqual(['i']);
  });

  it('forbids copying from or into a BAL the caller cannot reach: fromAccountNotFound, accountNotFound', async () => {
    const stranger = await makeAccount();
    const { own, token, emailId } = await delegateWithTwoBals();
    const ownInbox = await roleId(token, own, 'inbox');
    const body = await jmap(token, [
      [
        'Email/copy',
        {
          fromAccountId: stranger.accountId,
          accountId: own,
          create: { c: { id: emailId, mailboxIds: { [ownInbox]: true } } },
        },
        'a',
      ],
      ['Blob/copy', { fromAccountId: own, accountId: stranger.accountId, blobIds: ['x'] }, 'b'],
    ]);
    expect(body.methodResponses.map((r) => [r[0], r[1].type, r[2]])).toEqual([
      ['error', 'fromAccountNotFound', 'a'],
      ['error', 'accountNotFound', 'b'],
    ]);
  });
});
