import { browser } from '#imports';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { attachmentName, grabProblem, recipientProblem } from './compose-rules.ts';
import { base64Blob, type GrabAnswer, grabDocument } from './grab.ts';
import { type Outgoing, type OutgoingMessage, outbox, pruneOutgoing } from './outgoing.ts';
import { deviceToken } from './pairing.ts';
import { sendOutgoing } from './send-outgoing.ts';

/**
 * "Envoyer via MSSanté", in the background: what the person pointed at on a page becomes
 * an item of the extension's outbox, the compose window (an extension page, never part of
 * the host page) opens on it, and "Envoyer" sends it once, now or when Pli is reachable
 * again. Notifications tell the outcome: sent, or the reason in French.
 */

/** What was pointed at, from the context menu or the button of an enabled site. */
export interface PointedAt {
  tabId: number;
  frameId: number;
  pageUrl: string;
  pageTitle: string;
  selection: string;
  /** The document to attach: a link's target or an image's address. */
  documentUrl: string | null;
}

/** Longest selection kept (a passage, not a whole record). */
const MAX_SELECTION = 100_000;

const OUTBOX_ALARM = 'pli-outbox';
const PREFIX = 'pli-send';

/** Opens the compose window on an item. */
async function openCompose(id: string): Promise<void> {
  await browser.windows.create({
    url: browser.runtime.getURL(`/compose.html#${encodeURIComponent(id)}`),
    type: 'popup',
    width: 720,
    height: 760,
    focused: true,
  });
}

/** Fetches the document in the page, with the page's credentials. */
async function grab(pointed: PointedAt): Promise<GrabAnswer> {
  if (!pointed.documentUrl) return { ok: false, reason: 'failed' };
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId: pointed.tabId, frameIds: [pointed.frameId] },
      func: grabDocument,
      args: [pointed.documentUrl, MAX_MESSAGE_BYTES],
    });
    return (result?.result as GrabAnswer | undefined) ?? { ok: false, reason: 'failed' };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}

/** Starts a message from what was pointed at: the outbox item, then the compose window. */
export async function composeFrom(pointed: PointedAt): Promise<void> {
  await pruneOutgoing();
  const item: Outgoing = {
    id: crypto.randomUUID(),
    createdAt: Date.now(),
    source: { title: pointed.pageTitle.slice(0, 300), url: pointed.pageUrl.slice(0, 2000) },
    selection: pointed.selection.slice(0, MAX_SELECTION),
    attachment: null,
    attachmentProblem: null,
    state: 'editing',
    message: null,
    problem: null,
    attempts: 0,
  };
  if (pointed.documentUrl) {
    const answer = await grab(pointed);
    if (answer.ok) {
      const type = answer.type;
      item.attachment = {
        name: attachmentName(answer.name, type),
        type,
        size: answer.size,
        data: base64Blob(answer.base64, type),
      };
    } else {
      item.attachmentProblem = grabProblem(answer.reason, MAX_MESSAGE_BYTES);
    }
  }
  await outbox.put(item);
  await openCompose(item.id);
}

/** The outcome the compose window shows after "Envoyer". */
export type SubmitAnswer =
  | { state: 'sent' }
  | { state: 'queued'; reason: string }
  | { state: 'refused'; reason: string };

const QUEUED_TEXT =
  'Pli est injoignable : le message est gardé dans l’extension et partira une seule fois dès le retour de la connexion.';

/** "Envoyer": records the message, then tries to send it at once. */
export async function submitOutgoing(id: string, message: OutgoingMessage): Promise<SubmitAnswer> {
  const problem = recipientProblem(message);
  if (problem) return { state: 'refused', reason: problem };
  const item = await outbox.get(id);
  if (!item) return { state: 'refused', reason: 'Ce message n’existe plus.' };
  if (item.state === 'sent') return { state: 'sent' };
  if (item.state !== 'queued') {
    await outbox.update(id, { state: 'queued', message, problem: null });
  }
  await flushOutbox();
  const after = await outbox.get(id);
  if (after?.state === 'sent') return { state: 'sent' };
  if (after?.state === 'refused') return { state: 'refused', reason: after.problem ?? '' };
  return { state: 'queued', reason: after?.problem ?? QUEUED_TEXT };
}

/** The last outbox run asked for: runs are chained, never two at once. */
let runs: Promise<void> = Promise.resolve();

/**
 * Sends every queued item, one at a time. Runs never overlap (each waits for the one
 * before), so an item is never in two sends at once, and a call made during a run gets a
 * run of its own after it, which sees the item just queued. The JMAP rule covers a
 * background stopped mid-send.
 */
export function flushOutbox(): Promise<void> {
  runs = runs.then(doFlush).catch(() => undefined);
  return runs;
}

async function doFlush(): Promise<void> {
  if (!(await deviceToken.getValue())) return;
  const queued = await outbox.inState('queued');
  for (const item of queued) {
    const outcome = await sendOutgoing(item);
    if (outcome.kind === 'sent') {
      await outbox.update(item.id, { state: 'sent', problem: null });
      await notify(item.id, 'Message envoyé par messagerie sécurisée MSSanté.');
    } else if (outcome.kind === 'refused') {
      await outbox.update(item.id, { state: 'refused', problem: outcome.reason });
      await notify(item.id, `Message non envoyé : ${outcome.reason}`);
    } else if (outcome.kind === 'unpaired') {
      await outbox.update(item.id, {
        problem:
          'L’extension n’est plus appairée à Pli : appairez-la de nouveau, le message partira ensuite.',
      });
      break;
    } else {
      await outbox.update(item.id, { attempts: item.attempts + 1, problem: QUEUED_TEXT });
    }
  }
  const waiting = (await outbox.inState('queued')).length;
  if (waiting > 0) await browser.alarms.create(OUTBOX_ALARM, { periodInMinutes: 0.5 });
  else await browser.alarms.clear(OUTBOX_ALARM);
}

/** A notification of the outcome (no subject, no recipient); a click opens the item. */
async function notify(id: string, message: string): Promise<void> {
  await browser.notifications.create(`${PREFIX}|${id}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon-128.png'),
    title: 'Pli',
    message,
  });
}

/** A click on an outcome notification reopens its compose window. */
export async function openSendNotification(notificationId: string): Promise<boolean> {
  const [prefix, id] = notificationId.split('|');
  if (prefix !== PREFIX || !id) return false;
  await browser.notifications.clear(notificationId);
  if (await outbox.get(id)) await openCompose(id);
  return true;
}

/** The outbox alarm: sends what waits. */
export function isOutboxAlarm(name: string): boolean {
  return name === OUTBOX_ALARM;
}
