import * as v from 'valibot';
import { storage } from '#imports';
import { showUnread } from './badge.ts';
import {
  isFollowed,
  notifyShowsSender,
  type SessionBal,
  sessionBals,
  unfollowedBals,
} from './followed.ts';
import { type Call, fetchSession, jmapCall, type Session } from './jmap-client.ts';
import { type NewMessage, notifyNewMail } from './notifier.ts';

/**
 * Finding new mail: for each followed BAL, `Email/changes` since the state last seen, the
 * created messages that are in the inbox and unread, and the inbox's unread count
 * (`Mailbox/get`), in one request per BAL. Whatever woke the background (a push, the live
 * stream, an alarm) calls `checkMail`; checks never overlap, and one asked for during a
 * check runs right after it.
 */

/** The Email state last seen per account (the background's own). */
const emailStates = storage.defineItem<Record<string, string>>('local:emailStates', {
  fallback: {},
});

/** Messages notified at most per BAL and check (a longer absence is one summary). */
const MAX_CHANGES = 200;

const MailboxListSchema = v.object({
  list: v.array(
    v.object({ id: v.string(), role: v.nullish(v.string()), unreadEmails: v.number() }),
  ),
});
const ChangesSchema = v.object({ newState: v.string(), hasMoreChanges: v.boolean() });
const AddressSchema = v.object({ name: v.nullish(v.string()), email: v.nullish(v.string()) });
const EmailListSchema = v.object({
  state: v.string(),
  list: v.array(
    v.object({
      id: v.string(),
      mailboxIds: v.record(v.string(), v.boolean()),
      keywords: v.record(v.string(), v.boolean()),
      from: v.nullish(v.array(AddressSchema)),
    }),
  ),
});

const PROPERTIES = ['id', 'mailboxIds', 'keywords', 'from'];

/** Refreshes the BALs of the session (kept with their last unread counts); null if not answered. */
export async function refreshSession(): Promise<Session | null> {
  const session = await fetchSession();
  if (!session) return null;
  const before = new Map((await sessionBals.getValue()).map((b) => [b.id, b]));
  await sessionBals.setValue(
    session.accounts.map((a) => ({
      id: a.id,
      address: a.address,
      personal: a.personal,
      unread: before.get(a.id)?.unread ?? null,
    })),
  );
  const states = await emailStates.getValue();
  const kept = Object.fromEntries(
    Object.entries(states).filter(([id]) => session.accounts.some((a) => a.id === id)),
  );
  await emailStates.setValue(kept);
  return session;
}

/** Forgets what was seen (after unpairing). */
export async function forgetMailState(): Promise<void> {
  await emailStates.removeValue();
  await sessionBals.removeValue();
  await showUnread(null);
}

interface BalCheck {
  unread: number | null;
  newMessages: NewMessage[];
  state: string | null;
  more: boolean;
}

async function checkBal(bal: SessionBal, since: string | undefined): Promise<BalCheck | null> {
  const accountId = bal.id;
  const calls: Call[] = since
    ? [
        ['Email/changes', { accountId, sinceState: since, maxChanges: MAX_CHANGES }, 'c'],
        [
          'Email/get',
          {
            accountId,
            '#ids': { resultOf: 'c', name: 'Email/changes', path: '/created' },
            properties: PROPERTIES,
          },
          'g',
        ],
      ]
    : [['Email/get', { accountId, ids: [], properties: ['id'] }, 'g']];
  calls.push([
    'Mailbox/get',
    { accountId, ids: null, properties: ['id', 'role', 'unreadEmails'] },
    'm',
  ]);
  const responses = await jmapCall(calls);
  if (!responses) return null;
  const mailboxes = v.safeParse(MailboxListSchema, responses.get('m')?.[1]);
  const inbox = mailboxes.success
    ? mailboxes.output.list.find((m) => m.role === 'inbox')
    : undefined;
  const unread = inbox?.unreadEmails ?? null;
  const got = v.safeParse(EmailListSchema, responses.get('g')?.[1]);
  if (!since) {
    return { unread, newMessages: [], state: got.success ? got.output.state : null, more: false };
  }
  const changes = responses.get('c');
  if (changes?.[0] === 'error') {
    // cannotCalculateChanges (or another refusal): start again from the current state.
    return { unread, newMessages: [], state: null, more: true };
  }
  const parsed = v.safeParse(ChangesSchema, changes?.[1]);
  if (!parsed.success || !got.success)
    return { unread, newMessages: [], state: since, more: false };
  const newMessages = got.output.list
    .filter(
      (e) =>
        inbox !== undefined &&
        e.mailboxIds[inbox.id] === true &&
        !e.keywords.$seen &&
        !e.keywords.$draft,
    )
    .map((e) => {
      const from = e.from?.[0];
      return { id: e.id, sender: from?.name || from?.email || null };
    });
  return { unread, newMessages, state: parsed.output.newState, more: parsed.output.hasMoreChanges };
}

async function checkOnce(): Promise<boolean> {
  const bals = await sessionBals.getValue();
  const unfollowed = await unfollowedBals.getValue();
  const states = { ...(await emailStates.getValue()) };
  const showSender = await notifyShowsSender.getValue();
  let more = false;
  const checks = await Promise.all(
    bals.map(async (bal) => {
      if (!isFollowed(bal, unfollowed)) {
        // Followed again later, it starts from then: no notification for the time between.
        delete states[bal.id];
        return null;
      }
      const check = await checkBal(bal, states[bal.id]);
      if (!check) return null;
      if (check.state) states[bal.id] = check.state;
      else delete states[bal.id];
      more ||= check.more;
      await notifyNewMail(bal, check.newMessages, showSender);
      return [bal.id, check.unread] as const;
    }),
  );
  await emailStates.setValue(states);
  const counts = new Map(checks.filter((c) => c !== null));
  const current = await sessionBals.getValue();
  if (current.length === 0) return false; // Unpaired meanwhile.
  const updated = current.map((b) =>
    counts.has(b.id) ? { ...b, unread: counts.get(b.id) ?? null } : b,
  );
  await sessionBals.setValue(updated);
  const followed = updated.filter((b) => isFollowed(b, unfollowed));
  const total = followed.reduce((sum, b) => sum + (b.unread ?? 0), 0);
  await showUnread(followed.length ? total : null);
  return more;
}

let running: Promise<void> | null = null;
let again = false;

/** Checks the followed BALs for new mail, notifies, and updates the badge. */
export function checkMail(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      try {
        if (await checkOnce()) again = true;
      } catch {
        // Pli unreachable: the next wake-up tries again.
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}
