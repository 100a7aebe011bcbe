/**
 * "Historique des connexions et des actions": the functional traces of a BAL as its holder
 * reads them (`GET /api/traces?bal=<address>&before=<id>&limit=<n>`).
 *
 * @example
 * const page: TracePage = await api('/api/traces?bal=claire.martin@medecin.pli.mssante.fr');
 */
export interface TraceItem {
  id: number;
  at: string;
  /** Who acted (the real person, a delegate included), or null for the system. */
  actor: { idNat: string; name: string } | null;
  /** `session` (a signed-in browser), `token` (a named device), `system`. */
  via: 'session' | 'token' | 'system';
  /** The device's name when `via` is `token`. */
  device: string | null;
  kind: string;
  detail: string | null;
}

export interface TracePage {
  items: TraceItem[];
  /** Pass as `before` for the next page; null at the end. */
  nextBefore: number | null;
}
