import type { Bindings } from '../env.ts';

/** Queue consumer: outbound delivery and external notifications (filled by their features). */
export async function handleQueue(batch: MessageBatch<unknown>, _env: Bindings) {
  // No consumer is registered yet: let the queue retry, so nothing is lost.
  batch.retryAll({ delaySeconds: 60 });
}
