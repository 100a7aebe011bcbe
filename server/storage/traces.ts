import type { TraceKind } from '../../shared/account/traces.ts';
import type { AuthContext } from '../auth/authenticate.ts';

/** One functional trace. `detail` must never hold health content or patient identifiers. */
export interface TraceInput {
  kind: TraceKind;
  actorIdNat?: string | null;
  balId?: string | null;
  channel?: string | null;
  detail?: string | null;
  at?: number;
}

/** The trace channel of an authenticated caller: `session` or `token:<device id>`. */
export function channelOf(auth: AuthContext): string {
  return auth.via === 'token' ? `token:${auth.deviceId}` : 'session';
}

/** Records a functional trace. */
export async function recordTrace(db: D1Database, trace: TraceInput): Promise<void> {
  await db
    .prepare(
      'INSERT INTO traces (at, actor_id_nat, bal_id, kind, channel, detail) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(
      trace.at ?? Date.now(),
      trace.actorIdNat ?? null,
      trace.balId ?? null,
      trace.kind,
      trace.channel ?? null,
      trace.detail ?? null,
    )
    .run();
}

export interface TraceRow {
  id: number;
  at: string;
  actorIdNat: string | null;
  balId: string | null;
  kind: string;
  channel: string | null;
  detail: string | null;
}

/** The traces of a BAL, newest first. */
export async function listTraces(
  db: D1Database,
  balId: string,
  options: { limit: number; before?: number },
): Promise<TraceRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM traces WHERE bal_id = ? AND id < ? ORDER BY id DESC LIMIT ?')
    .bind(balId, options.before ?? Number.MAX_SAFE_INTEGER, options.limit)
    .all<{
      id: number;
      at: number;
      actor_id_nat: string | null;
      bal_id: string | null;
      kind: string;
      channel: string | null;
      detail: string | null;
    }>();
  return results.map((row) => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    actorIdNat: row.actor_id_nat,
    balId: row.bal_id,
    kind: row.kind,
    channel: row.channel,
    detail: row.detail,
  }));
}
