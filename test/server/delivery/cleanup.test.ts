import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { handleScheduled } from '../../../server/handlers/scheduled.ts';

async function row(recipient: string, status: string, updatedAt: number) {
  await env.DB.prepare(
    `INSERT INTO outbound_deliveries (submission_id, recipient, from_bal_id, mail_from, raw_key, status, created_at, updated_at)
     VALUES ('s', ?, 'b', 'a@pli.mssante.fr', 'outbound/x', ?, ?, ?)`,
  )
    .bind(recipient, status, updatedAt, updatedAt)
    .run();
}

describe('outbound cleanup', () => {
  it('drops rows settled over 30 days ago and keeps queued ones', async () => {
    const now = Date.UTC(2026, 10, 22, 3);
    const old = now - 31 * 86_400_000;
    await row('sent-old@x.mssante.fr', 'sent', old);
    await row('failed-old@x.mssante.fr', 'failed', old);
    await row('queued-old@x.mssante.fr', 'queued', old);
    await row('sent-new@x.mssante.fr', 'sent', now - 86_400_000);
    await handleScheduled(
      createScheduledController({ cron: '0 3 * * *', scheduledTime: now }),
      env,
    );
    const { results } = await env.DB.prepare(
      'SELECT recipient FROM outbound_deliveries ORDER BY recipient',
    ).all();
    expect(results).toEqual([
      { recipient: 'queued-old@x.mssante.fr' },
      { recipient: 'sent-new@x.mssante.fr' },
    ]);
  });
});
