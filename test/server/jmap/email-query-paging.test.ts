import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EmailQueryPlan } from '../../../server/jmap/email-query.ts';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import {
  deliver,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  roleId,
} from '../support/mail.ts';

interface Listed {
  id: string;
  receivedAt: string;
  threadId: string;
  keywords: Record<string, true>;
  mailboxIds: Record<string, true>;
}

const BASE = Date.parse('2026-11-01T08:00:00Z');

/**
 * A mailbox of 14 messages: four threads of two or three and loose ones, every message a
 * minute apart except two pairs received in the same millisecond (the id breaks the tie);
 * some read, some flagged, two moved to the archive.
 */
async function mailbox() {
  const account = await makeAccount();
  const { token, accountId } = account;
  const ids: string[] = [];
  for (let i = 0; i < 14; i++) {
    const thread = i < 9 ? `fil${i % 4}@x.fr` : null;
    const first = thread !== null && i < 4;
    const stored = await deliver(
      accountId,
      rawMessage({
        subject: `Message ${i}`,
        ...(first ? { messageId: thread } : {}),
        ...(thread !== null && !first ? { inReplyTo: thread } : {}),
      }),
    );
    if (stored.status !== 'stored') throw new Error(stored.status);
    ids.push(stored.emailId);
  }
  const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
  await runInDurableObject(stub, (_: MailboxDO, state) => {
    ids.forEach((id, i) => {
      const minute = i === 6 ? 5 : i === 11 ? 10 : i;
      state.storage.sql.exec(
        'UPDATE emails SET received_at = ? WHERE id = ?',
        BASE + minute * 60_000,
        id,
      );
    });
  });
  const archive = await roleId(token, accountId, 'archive');
  const update: Record<string, Loose> = {};
  ids.forEach((id, i) => {
    const patch: Record<string, Loose> = {};
    if (i % 3 === 0) patch['keywords/$seen'] = true;
    if (i % 5 === 1) patch['keywords/$flagged'] = true;
    if (i === 2 || i === 12) patch.mailboxIds = { [archive]: true };
    if (Object.keys(patch).length) update[id] = patch;
  });
  await jmap(token, [['Email/set', { accountId, update }, 's']]);
  const got = await jmap(token, [
    [
      'Email/get',
      {
        accountId,
        ids,
        properties: ['receivedAt', 'threadId', 'keywords', 'mailboxIds'],
      },
      'g',
    ],
  ]);
  const all = result(got, 'Email/get').list as Listed[];
  const inbox = await roleId(token, accountId, 'inbox');
  return { token, accountId, all, inbox, archive };
}

/** What the RFC asks, computed apart from the server: filter, sort (newest first), collapse. */
function expected(all: Listed[], keep: (e: Listed) => boolean, collapse = false): string[] {
  const sorted = all
    .filter(keep)
    .sort((a, b) =>
      a.receivedAt === b.receivedAt
        ? a.id < b.id
          ? -1
          : 1
        : Date.parse(b.receivedAt) - Date.parse(a.receivedAt),
    );
  if (!collapse) return sorted.map((e) => e.id);
  const seen = new Set<string>();
  return sorted.filter((e) => !seen.has(e.threadId) && seen.add(e.threadId)).map((e) => e.id);
}

async function query(token: string, args: Record<string, Loose>) {
  const body = await jmap(token, [['Email/query', args, 'q']]);
  const [name, answer] = body.methodResponses[0] ?? [];
  return name === 'error' ? { error: answer?.type as string } : (answer as Loose);
}

describe('Email/query paging', () => {
  it('pages the newest first by position and limit, with the total, and nothing past the end', async () => {
    const { token, accountId, all } = await mailbox();
    const want = expected(all, () => true);
    const pages: string[] = [];
    for (let position = 0; position < want.length; position += 4) {
      const page = await query(token, { accountId, position, limit: 4, calculateTotal: true });
      expect(page.position).toBe(position);
      expect(page.total).toBe(want.length);
      pages.push(...page.ids);
    }
    expect(pages).toEqual(want);
    const beyond = await query(token, { accountId, position: 40, limit: 4, calculateTotal: true });
    expect(beyond).toMatchObject({ position: 40, ids: [], total: want.length });
    const last = await query(token, { accountId, position: -3 });
    expect(last).toMatchObject({ position: want.length - 3, ids: want.slice(-3) });
    const zero = await query(token, { accountId, limit: 0 });
    expect(zero.ids).toEqual([]);
  });

  it('pages from an anchor with a positive, zero and negative offset, the position being the anchor’s index plus the offset', async () => {
    const { token, accountId, all } = await mailbox();
    const want = expected(all, () => true);
    const anchor = want[6] as string;
    for (const anchorOffset of [0, 2, -2, -100]) {
      const page = await query(token, { accountId, anchor, anchorOffset, limit: 3 });
      const from = Math.max(0, 6 + anchorOffset);
      expect({ anchorOffset, position: page.position, ids: page.ids }).toEqual({
        anchorOffset,
        position: from,
        ids: want.slice(from, from + 3),
      });
    }
    // The anchor wins over position.
    const both = await query(token, { accountId, anchor, position: 1, limit: 1 });
    expect(both).toMatchObject({ position: 6, ids: [anchor] });
  });

  it('forbids an anchor that is not among the results (anchorNotFound)', async () => {
    const { token, accountId, all, inbox } = await mailbox();
    const archived = all.find((e) => !e.mailboxIds[inbox]) as Listed;
    const answer = await query(token, {
      accountId,
      filter: { inMailbox: inbox },
      anchor: archived.id,
    });
    expect(answer).toEqual({ error: 'anchorNotFound' });
    const replaced = expected(all, () => true).find(
      (id) => !expected(all, () => true, true).includes(id),
    );
    const collapsed = await query(token, { accountId, collapseThreads: true, anchor: replaced });
    expect(collapsed).toEqual({ error: 'anchorNotFound' });
  });

  it('collapses threads to the first message of each in sort order, paged, with the count of threads', async () => {
    const { token, accountId, all, inbox } = await mailbox();
    const want = expected(all, () => true, true);
    const first = await query(token, { accountId, collapseThreads: true, limit: 3 });
    const rest = await query(token, {
      accountId,
      collapseThreads: true,
      anchor: first.ids[2],
      anchorOffset: 1,
      calculateTotal: true,
    });
    expect([...first.ids, ...rest.ids]).toEqual(want);
    expect(rest.total).toBe(want.length);
    // Collapsing applies to the matching messages only: an unread reply stands for its thread.
    const unread = await query(token, {
      accountId,
      collapseThreads: true,
      filter: { inMailbox: inbox, notKeyword: '$seen' },
      calculateTotal: true,
    });
    const wantUnread = expected(all, (e) => !!e.mailboxIds[inbox] && !e.keywords.$seen, true);
    expect(unread.ids).toEqual(wantUnread);
    expect(unread.total).toBe(wantUnread.length);
  });

  it('pages a folder’s unread and flagged messages, alone and combined with AND', async () => {
    const { token, accountId, all, inbox, archive } = await mailbox();
    const cases: [Record<string, Loose>, (e: Listed) => boolean][] = [
      [{ inMailbox: inbox }, (e) => !!e.mailboxIds[inbox]],
      [{ inMailbox: archive }, (e) => !!e.mailboxIds[archive]],
      [
        { inMailbox: inbox, notKeyword: '$seen' },
        (e) => !!e.mailboxIds[inbox] && !e.keywords.$seen,
      ],
      [{ hasKeyword: '$flagged' }, (e) => !!e.keywords.$flagged],
      [
        { operator: 'AND', conditions: [{ inMailbox: inbox }, { hasKeyword: '$flagged' }] },
        (e) => !!e.mailboxIds[inbox] && !!e.keywords.$flagged,
      ],
      [
        { operator: 'OR', conditions: [{ inMailbox: archive }, { hasKeyword: '$flagged' }] },
        (e) => !!e.mailboxIds[archive] || !!e.keywords.$flagged,
      ],
    ];
    for (const [filter, keep] of cases) {
      const want = expected(all, keep);
      const first = await query(token, { accountId, filter, limit: 2, calculateTotal: true });
      const second = await query(token, { accountId, filter, position: 2, limit: 50 });
      expect({ filter, ids: [...first.ids, ...second.ids], total: first.total }).toEqual({
        filter,
        ids: want,
        total: want.length,
      });
    }
  });

  it('sorts ascending and on other properties with the id as the last key, from any anchor', async () => {
    const { token, accountId, all } = await mailbox();
    const sort = [
      { property: 'hasKeyword', keyword: '$flagged', isAscending: false },
      { property: 'receivedAt', isAscending: true },
    ];
    const full = (await query(token, { accountId, sort })).ids as string[];
    expect(full.length).toBe(all.length);
    const flagged = all.filter((e) => e.keywords.$flagged).length;
    expect(
      full.slice(0, flagged).every((id) => all.find((e) => e.id === id)?.keywords.$flagged),
    ).toBe(true);
    for (const [index, anchor] of full.entries()) {
      const page = await query(token, { accountId, sort, anchor, limit: 2 });
      expect({ anchor, position: page.position, ids: page.ids }).toEqual({
        anchor,
        position: index,
        ids: full.slice(index, index + 2),
      });
    }
  });

  it('walks a folder’s newest page by the (mailbox, receivedAt) index, with no sort of the folder', async () => {
    const { accountId, inbox } = await mailbox();
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    const sql = new EmailQueryPlan({ filter: { inMailbox: inbox } }).pageSql({
      offset: 0,
      limit: 51,
    });
    const plan = await runInDurableObject(stub, (_: MailboxDO, state) =>
      state.storage.sql
        .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql.text}`, ...sql.binds)
        .toArray()
        .map((r) => r.detail),
    );
    expect(plan.join('\n')).toContain('email_mailboxes_received');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});

describe('Email/get of many emails', () => {
  it('returns each asked email with its own folders and keywords, in the asked order, and the unknown ones as notFound', async () => {
    const { token, accountId, all, inbox, archive } = await mailbox();
    const ids = [...all.map((e) => e.id)].reverse();
    const body = await jmap(token, [
      [
        'Email/get',
        { accountId, ids: [...ids, 'Mnope'], properties: ['mailboxIds', 'keywords', 'subject'] },
        'g',
      ],
    ]);
    const got = result(body, 'Email/get');
    expect(got.list.map((e: Loose) => e.id)).toEqual(ids);
    expect(got.notFound).toEqual(['Mnope']);
    for (const email of got.list as Listed[]) {
      const before = all.find((e) => e.id === email.id) as Listed;
      expect(email.mailboxIds).toEqual(before.mailboxIds);
      expect(email.keywords).toEqual(before.keywords);
    }
    expect(all.filter((e) => e.mailboxIds[archive]).length).toBe(2);
    expect(all.filter((e) => e.mailboxIds[inbox]).length).toBe(12);
  });
});
