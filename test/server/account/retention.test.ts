import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { deleteBal } from '../../../server/account/deletion.ts';
import { accountDailyJob } from '../../../server/account/jobs.ts';
import { recordTrace } from '../../../server/storage/traces.ts';
import { makeContact } from '../support/account-factories.ts';
import { makeBal, makeDelegation, makePerson, sessionCookie } from '../support/factories.ts';

const DELETED_AT = Date.UTC(2026, 10, 22, 10, 0);

/** The daily cron at 03:00 UTC of a given day, with the clock moved there. */
async function dailyRunOn(year: number, month: number, day: number) {
  const controller = createScheduledController({
    scheduledTime: Date.UTC(year, month - 1, day, 3, 0),
    cron: '0 3 * * *',
  });
  expect(accountDailyJob.crons).toContain(controller.cron);
  await accountDailyJob.run(env, new Date(controller.scheduledTime));
}

const exists = async (sql: string, ...values: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...values)
    .first()) !== null;

async function deletedBal() {
  const holder = await makePerson();
  await makeContact(holder.idNat, { email: 'holder@example.org' });
  const bal = await makeBal(holder.idNat);
  const delegate = await makePerson();
  await makeDelegation(bal.id, delegate.idNat, holder.idNat);
  await recordTrace(env.DB, {
    kind: 'mail_sent',
    actorIdNat: delegate.idNat,
    balId: bal.id,
    at: DELETED_AT - 1000,
  });
  await deleteBal(env, { balId: bal.id, actorIdNat: holder.idNat, channel: 'session' }, DELETED_AT);
  return { holder, bal, delegate };
}

describe('retention', () => {
  it('keeps identification data one year after the BAL’s deletion, not a day less', async () => {
    const { holder, bal } = await deletedBal();
    await dailyRunOn(2027, 11, 22);
    expect(await exists('SELECT 1 FROM persons WHERE id_nat = ?', holder.idNat)).toBe(true);
    expect(await exists('SELECT 1 FROM bals WHERE id = ?', bal.id)).toBe(true);
    expect(await exists('SELECT 1 FROM person_contacts WHERE id_nat = ?', holder.idNat)).toBe(true);
    await dailyRunOn(2027, 11, 23);
    expect(await exists('SELECT 1 FROM persons WHERE id_nat = ?', holder.idNat)).toBe(false);
    expect(await exists('SELECT 1 FROM bals WHERE id = ?', bal.id)).toBe(false);
    expect(await exists('SELECT 1 FROM person_contacts WHERE id_nat = ?', holder.idNat)).toBe(
      false,
    );
    expect(await exists('SELECT 1 FROM delegations WHERE bal_id = ?', bal.id)).toBe(false);
  });

  it('keeps functional traces ten years after the BAL’s deletion, then purges them', async () => {
    const { bal, delegate } = await deletedBal();
    await dailyRunOn(2027, 11, 23);
    const traces = () =>
      env.DB.prepare('SELECT kind, actor_id_nat FROM traces WHERE bal_id = ? ORDER BY id')
        .bind(bal.id)
        .all();
    expect((await traces()).results).toEqual([
      { kind: 'mail_sent', actor_id_nat: delegate.idNat },
      expect.objectContaining({ kind: 'bal_deleted' }),
    ]);
    await dailyRunOn(2036, 11, 22);
    expect((await traces()).results).toHaveLength(2);
    await dailyRunOn(2036, 11, 23);
    expect((await traces()).results).toEqual([]);
  });

  it('keeps a living user’s data', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    await recordTrace(env.DB, {
      kind: 'login',
      actorIdNat: holder.idNat,
      balId: bal.id,
      at: DELETED_AT,
    });
    await dailyRunOn(2040, 1, 1);
    expect(await exists('SELECT 1 FROM persons WHERE id_nat = ?', holder.idNat)).toBe(true);
    expect(await exists('SELECT 1 FROM traces WHERE bal_id = ?', bal.id)).toBe(true);
  });

  it('keeps per-user statistics three months, and only anonymous totals after', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat);
    await recordTrace(env.DB, {
      kind: 'login',
      actorIdNat: person.idNat,
      balId: bal.id,
      at: Date.UTC(2026, 10, 21, 9),
    });
    await dailyRunOn(2026, 11, 22);
    const perUser = () => exists('SELECT 1 FROM usage_per_user WHERE id_nat = ?', person.idNat);
    expect(await perUser()).toBe(true);
    await dailyRunOn(2027, 2, 20);
    expect(await perUser()).toBe(true);
    await dailyRunOn(2027, 2, 21);
    expect(await perUser()).toBe(false);
    const total = await env.DB.prepare(
      "SELECT value FROM daily_stats WHERE day = '2026-11-21' AND metric = 'active_users'",
    ).first<{ value: number }>();
    expect(total?.value).toBe(1);
  });

  it('purges technical traces after one year', async () => {
    const started = Date.UTC(2026, 10, 22, 2, 0);
    await env.DB.prepare("INSERT INTO directory_imports (started_at, status) VALUES (?, 'done')")
      .bind(started)
      .run();
    await env.DB.prepare('INSERT INTO rate_limits (key, count, window_start) VALUES (?, 1, ?)')
      .bind('ip:1.2.3.4', started)
      .run();
    await dailyRunOn(2027, 11, 21);
    expect(await exists('SELECT 1 FROM directory_imports')).toBe(true);
    expect(await exists('SELECT 1 FROM rate_limits')).toBe(true);
    await dailyRunOn(2027, 11, 22);
    expect(await exists('SELECT 1 FROM directory_imports')).toBe(false);
    expect(await exists('SELECT 1 FROM rate_limits')).toBe(false);
  });
});

describe('BAL deletion', () => {
  it('ends the holder’s sessions, the delegations and the directory entry at once', async () => {
    const holder = await makePerson({ familyName: 'Supprimee' });
    const bal = await makeBal(holder.idNat);
    const delegate = await makePerson();
    await makeDelegation(bal.id, delegate.idNat, holder.idNat);
    await sessionCookie(holder.idNat);
    await deleteBal(
      env,
      { balId: bal.id, actorIdNat: holder.idNat, channel: 'session' },
      DELETED_AT,
    );
    expect(await exists('SELECT 1 FROM sessions WHERE id_nat = ?', holder.idNat)).toBe(false);
    expect(
      await exists('SELECT 1 FROM delegations WHERE bal_id = ? AND revoked_at IS NULL', bal.id),
    ).toBe(false);
    expect(await exists('SELECT 1 FROM directory_entries WHERE address = ?', bal.address)).toBe(
      false,
    );
    expect(
      await exists(
        'SELECT 1 FROM persons WHERE id_nat = ? AND deleted_at = ?',
        holder.idNat,
        DELETED_AT,
      ),
    ).toBe(true);
  });
});
