import { signal } from '@preact/signals';
import {
  deliveryStatusText,
  type RecipientDeliveryStatus,
} from '../../../shared/jmap/delivery-status.ts';
import { jmap, ref } from '../lib/jmap.ts';
import { createModel } from './model.ts';

/** How a recipient (or a whole sent message) stands, for its colour and badge. */
export type DeliveryTone = 'pending' | 'done' | 'read' | 'failed';

/** One recipient of a sent message, as the reader shows it. */
export interface RecipientDelivery {
  address: string;
  /** In French: "Remis dans sa boîte", "Échec de remise : adresse inconnue"... */
  text: string;
  tone: DeliveryTone;
}

type Statuses = Record<string, RecipientDeliveryStatus>;

/** Sent messages listed at most per status request (the list's first screens). */
const SUMMARY_LIMIT = 200;

export const { openDelivery, sentTones } = createModel({
  /** The delivery of the open sent message, per recipient (null: none known). */
  openDelivery: signal<{ emailId: string; recipients: RecipientDelivery[] } | null>(null),
  /** The overall tone of each listed sent message, by email id. */
  sentTones: signal<Record<string, DeliveryTone>>({}),
});

function toneOf(status: RecipientDeliveryStatus): DeliveryTone {
  if (status.delivered === 'no') return 'failed';
  if (status.displayed === 'yes') return 'read';
  return status.delivered === 'queued' ? 'pending' : 'done';
}

/** The recipients of a submission, in envelope order, each with its French status. */
export function recipientsOf(statuses: Statuses): RecipientDelivery[] {
  return Object.entries(statuses).map(([address, status]) => ({
    address,
    text: deliveryStatusText(status),
    tone: toneOf(status),
  }));
}

/**
 * A sent message's tone over all its recipients: failed if one failed, read once every one
 * read it, pending while one is queued, else done.
 */
export function overallTone(statuses: Statuses): DeliveryTone {
  const tones = Object.values(statuses).map(toneOf);
  if (tones.includes('failed')) return 'failed';
  if (tones.length > 0 && tones.every((t) => t === 'read')) return 'read';
  return tones.includes('pending') ? 'pending' : 'done';
}

/** The deliveryStatus of the submissions of these emails, by email id (the latest wins). */
async function statusesOf(account: string, emailIds: string[]): Promise<Map<string, Statuses>> {
  const responses = await jmap([
    [
      'EmailSubmission/query',
      {
        accountId: account,
        filter: { emailIds },
        sort: [{ property: 'sentAt', isAscending: true }],
      },
      'q',
    ],
    [
      'EmailSubmission/get',
      {
        accountId: account,
        '#ids': ref('q', 'EmailSubmission/query', '/ids'),
        properties: ['emailId', 'deliveryStatus'],
      },
      'g',
    ],
  ]);
  const list = (responses.get('g')?.list ?? []) as { emailId: string; deliveryStatus: Statuses }[];
  return new Map(list.map((s) => [s.emailId, s.deliveryStatus ?? {}]));
}

/**
 * Loads where each recipient of the open sent message stands. Offline, or for a message
 * Pli did not send, nothing is shown.
 */
export async function loadOpenDelivery(account: string, emailId: string): Promise<void> {
  try {
    const statuses = (await statusesOf(account, [emailId])).get(emailId);
    openDelivery.value = statuses ? { emailId, recipients: recipientsOf(statuses) } : null;
  } catch {
    if (openDelivery.peek()?.emailId !== emailId) openDelivery.value = null;
  }
}

/** Loads the tone of the listed sent messages (the first screens of the Sent folder). */
export async function loadSentTones(account: string, emailIds: string[]): Promise<void> {
  if (emailIds.length === 0) return;
  try {
    const statuses = await statusesOf(account, emailIds.slice(0, SUMMARY_LIMIT));
    sentTones.value = Object.fromEntries(
      [...statuses].map(([id, byRecipient]) => [id, overallTone(byRecipient)]),
    );
  } catch {
    // Offline: the tones last loaded stay.
  }
}
