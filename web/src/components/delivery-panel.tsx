import { useEffect } from 'preact/hooks';
import type { CachedEmail } from '../db.ts';
import { loadOpenDelivery, openDelivery } from '../models/delivery.ts';
import { mailboxes, syncStatus } from '../models/mailbox.ts';

/** Whether a message is one this BAL sent (it sits in the Sent folder). */
export function isSentMessage(email: CachedEmail): boolean {
  const sent = mailboxes.value.find((m) => m.role === 'sent');
  return sent !== undefined && email.mailboxIds[sent.id] === true;
}

/**
 * "Suivi de la remise" of a sent message: each recipient with where the message stands
 * (delivered, handed to their operator, failed and why, read). Loaded when the message is
 * opened and again after each sync, so a DSN or read receipt shows without reopening.
 */
export function DeliveryPanel(props: { account: string; email: CachedEmail }) {
  const { account, email } = props;
  const idle = syncStatus.value === 'idle';
  useEffect(() => {
    if (idle) void loadOpenDelivery(account, email.id);
  }, [account, email.id, idle]);
  const delivery = openDelivery.value;
  if (!delivery || delivery.emailId !== email.id) return null;
  return (
    <section class="delivery" aria-labelledby="delivery-title">
      <h3 id="delivery-title">Suivi de la remise</h3>
      <ul>
        {delivery.recipients.map((r) => (
          <li key={r.address} class={`delivery-${r.tone}`}>
            <span class="address">{r.address}</span> : {r.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
