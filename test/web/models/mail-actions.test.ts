import { afterEach, describe, expect, it } from 'vitest';
import { type CachedEmail, PliDatabase } from '../../../web/src/db.ts';
import { applyPatch, queueAction } from '../../../web/src/models/mail-actions.ts';

const email: CachedEmail = {
  accountId: 'bal-1',
  id: 'm1',
  threadId: 't1',
  mailboxIds: { inbox: true },
  keywords: {},
  from: [{ name: 'Dr Benali', email: 'karim.benali@medecin.pli.mssante.fr' }],
  to: null,
  subject: 'Compte rendu',
  receivedAt: '2026-11-20T09:00:00Z',
  preview: 'Chère consœur',
  hasAttachment: false,
  size: 1200,
};

let db: PliDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

describe('applyPatch', () => {
  it('sets and clears keywords by path', () => {
    const read = applyPatch(email, { 'keywords/$seen': true });
    expect(read.keywords).toEqual({ $seen: true });
    expect(applyPatch(read, { 'keywords/$seen': null }).keywords).toEqual({});
  });

  it('replaces the folders of a moved message', () => {
    expect(applyPatch(email, { mailboxIds: { trash: true } }).mailboxIds).toEqual({ trash: true });
  });
});

describe('queueAction, in real IndexedDB', () => {
  it('applies an action to the local copy at once and queues it in order', async () => {
    db = new PliDatabase(`test-${crypto.randomUUID()}`);
    await db.emails.put(email);
    await queueAction(db, 'bal-1', 'm1', { 'keywords/$seen': true });
    await queueAction(db, 'bal-1', 'm1', { 'keywords/$flagged': true });
    expect((await db.emails.get(['bal-1', 'm1']))?.keywords).toEqual({
      $seen: true,
      $flagged: true,
    });
    const queued = await db.outbox.orderBy('seq').toArray();
    expect(queued.map((a) => a.patch)).toEqual([
      { 'keywords/$seen': true },
      { 'keywords/$flagged': true },
    ]);
  });

  it('removes a destroyed message and its body from the local copy', async () => {
    db = new PliDatabase(`test-${crypto.randomUUID()}`);
    await db.emails.put(email);
    await db.bodies.put({
      accountId: 'bal-1',
      id: 'm1',
      html: null,
      text: 'x',
      cc: null,
      attachments: [],
    });
    await queueAction(db, 'bal-1', 'm1', null);
    expect(await db.emails.get(['bal-1', 'm1'])).toBeUndefined();
    expect(await db.bodies.get(['bal-1', 'm1'])).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
  });
});
