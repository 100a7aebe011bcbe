import { consumeNotify } from '../delivery/notify-consumer.ts';
import { consumeOutbound, consumeOutboundDeadLetters } from '../delivery/queue-consumer.ts';
import type { Bindings } from '../env.ts';

/** Queue consumer: outbound delivery, its dead letters, and external notifications. */
export async function handleQueue(batch: MessageBatch<unknown>, env: Bindings) {
  if (batch.queue === 'pli-outbound') return consumeOutbound(batch, env);
  if (batch.queue === 'pli-outbound-dlq') return consumeOutboundDeadLetters(batch, env);
  if (batch.queue === 'pli-notify') return consumeNotify(batch, env);
  // Unknown queue: keep the messages, so nothing is lost.
  batch.retryAll({ delaySeconds: 60 });
}
