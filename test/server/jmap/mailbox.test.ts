import { describe, expect, it } from 'vitest';
import {
  deliver,
  IMAP_USING,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  roleId,
} from '../support/mail.ts';

describe('Mailbox methods', () => {
  it('gives every BAL the six role folders with French names and counts', async () => {
    const { token, accountId } = await makeAccount();
    await deliver(accountId, rawMessage());
    const body = await jmap(token, [['Mailbox/get', { accountId, ids: null }, 'a']]);
    const list = result(body, 'Mailbox/get').list;
    expect(list.map((m: Loose) => m.role).sort()).toEqual([
      'archive',
      'drafts',
      'inbox',
      'junk',
      'sent',
      'trash',
    ]);
    const inbox = list.find((m: Loose) => m.role === 'inbox');
    expect(inbox).toMatchObject({
      name: 'Boîte de réception',
      totalEmails: 1,
      unreadEmails: 1,
      totalThreads: 1,
    });
    expect(inbox.myRights.mayDelete).toBe(false);
  });

  it('creates, renames and destroys a user folder, with changes and queryChanges', async () => {
    const { token, accountId } = await makeAccount();
    const start = result(
      await jmap(token, [['Mailbox/get', { accountId, ids: [] }, 'a']]),
      'Mailbox/get',
    ).state;
    const startQuery = result(
      await jmap(token, [['Mailbox/query', { accountId }, 'q']]),
      'Mailbox/query',
    );
    const created = await jmap(token, [
      ['Mailbox/set', { accountId, create: { f: { name: 'Laboratoire' } } }, 's'],
      ['Mailbox/set', { accountId, update: { '#f': { name: 'Biologie' } } }, 'u'],
    ]);
    const id = result(created, 'Mailbox/set', 's').created.f.id;
    expect(result(created, 'Mailbox/set', 'u').updated).toEqual({ [id]: null });
    const changes = await jmap(token, [
      ['Mailbox/changes', { accountId, sinceState: start }, 'c'],
      ['Mailbox/queryChanges', { accountId, sinceQueryState: startQuery.queryState }, 'qc'],
      ['Mailbox/get', { accountId, ids: [id], properties: ['name', 'role'] }, 'g'],
    ]);
    expect(result(changes, 'Mailbox/changes').created).toEqual([id]);
    expect(result(changes, 'Mailbox/queryChanges').added.map((a: Loose) => a.id)).toEqual([id]);
    expect(result(changes, 'Mailbox/get').list[0]).toEqual({ id, name: 'Biologie', role: null });
    const destroyed = await jmap(token, [['Mailbox/set', { accountId, destroy: [id] }, 'd']]);
    expect(result(destroyed, 'Mailbox/set').destroyed).toEqual([id]);
  });

  it('refuses to destroy a role folder or a folder holding mail unless asked to remove it', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    const made = await jmap(token, [
      ['Mailbox/set', { accountId, create: { f: { name: 'Dossiers' } } }, 's'],
    ]);
    const folder = result(made, 'Mailbox/set').created.f.id;
    const stored = await deliver(accountId, rawMessage());
    const emailId = stored.status === 'stored' ? stored.emailId : '';
    await jmap(token, [
      ['Email/set', { accountId, update: { [emailId]: { mailboxIds: { [folder]: true } } } }, 'm'],
    ]);
    const refused = await jmap(token, [
      ['Mailbox/set', { accountId, destroy: [inbox, folder] }, 'd'],
    ]);
    const res = result(refused, 'Mailbox/set');
    expect(res.notDestroyed[inbox].type).toBe('forbidden');
    expect(res.notDestroyed[folder].type).toBe('mailboxHasEmail');
    const forced = await jmap(token, [
      ['Mailbox/set', { accountId, destroy: [folder], onDestroyRemoveEmails: true }, 'd'],
    ]);
    expect(result(forced, 'Mailbox/set').destroyed).toEqual([folder]);
    const gone = await jmap(token, [['Email/get', { accountId, ids: [emailId] }, 'g']]);
    expect(result(gone, 'Email/get').notFound).toEqual([emailId]);
  });

  it('queries folders by role and sorts them by sortOrder then name', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Mailbox/query', { accountId, filter: { hasAnyRole: true }, calculateTotal: true }, 'q'],
      [
        'Mailbox/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Mailbox/query', path: '/ids' },
          properties: ['role'],
        },
        'g',
      ],
    ]);
    expect(result(body, 'Mailbox/query').total).toBe(6);
    expect(result(body, 'Mailbox/get').list.map((m: Loose) => m.role)).toEqual([
      'inbox',
      'drafts',
      'sent',
      'archive',
      'junk',
      'trash',
    ]);
  });

  it('rejects a state that is not one of this mailbox with cannotCalculateChanges, and maxChanges 0', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Mailbox/changes', { accountId, sinceState: 'garbage' }, 'a'],
      ['Mailbox/changes', { accountId, sinceState: '999999' }, 'b'],
      ['Mailbox/changes', { accountId, sinceState: '0', maxChanges: 0 }, 'c'],
    ]);
    expect(body.methodResponses.map((r) => r[1].type)).toEqual([
      'cannotCalculateChanges',
      'cannotCalculateChanges',
      'invalidArguments',
    ]);
  });

  it('answers Mailbox/changes from the current state with empty created, updated and destroyed', async () => {
    const { token, accountId } = await makeAccount();
    await deliver(accountId, rawMessage());
    await jmap(token, [['Mailbox/set', { accountId, create: { f: { name: 'Labo' } } }, 's']]);
    const got = await jmap(token, [['Mailbox/get', { accountId, ids: [] }, 'g']]);
    const state = result(got, 'Mailbox/get').state;
    const body = await jmap(token, [['Mailbox/changes', { accountId, sinceState: state }, 'c']]);
    expect(result(body, 'Mailbox/changes')).toMatchObject({
      oldState: state,
      newState: state,
      hasMoreChanges: false,
      created: [],
      updated: [],
      destroyed: [],
    });
  });

  it('returns uidValidity, uidNext and highestModSeq only with the IMAP capability in using', async () => {
    const { token, accountId } = await makeAccount();
    await deliver(accountId, rawMessage());
    const inbox = await roleId(token, accountId, 'inbox');
    const plain = await jmap(token, [
      ['Mailbox/get', { accountId, ids: [inbox] }, 'a'],
      ['Mailbox/get', { accountId, ids: [inbox], properties: ['uidNext'] }, 'b'],
    ]);
    expect(result(plain, 'Mailbox/get', 'a').list[0]).not.toHaveProperty('uidNext');
    expect(plain.methodResponses[1]?.[1].type).toBe('invalidArguments');
    const imap = await jmap(token, [['Mailbox/get', { accountId, ids: [inbox] }, 'a']], IMAP_USING);
    const folder = result(imap, 'Mailbox/get').list[0];
    expect(folder).toMatchObject({ totalEmails: 1, uidNext: 2 });
    expect(folder.uidValidity).toBeGreaterThan(0);
    expect(folder.uidValidity).toBeLessThanOrEqual(4_294_967_295);
    expect(folder.highestModSeq).toBeGreaterThan(0);
  });
});
