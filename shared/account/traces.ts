/**
 * Every kind of functional trace, with the French the holder reads in the history: the one
 * list (the server records only these kinds; the webmail names them with it).
 */
export const TRACE_LABELS = {
  login: 'Connexion',
  login_failed: 'Échec de connexion',
  logout: 'Déconnexion',
  logout_all: 'Déconnexion de tous les appareils',
  otp_sent: 'Code à usage unique envoyé',
  password_set: 'Mot de passe défini',
  totp_enabled: 'Application d’authentification activée',
  totp_disabled: 'Application d’authentification désactivée',
  mail_sent: 'Message envoyé',
  mail_deleted: 'Message supprimé',
  mail_moved: 'Message déplacé',
  mail_retention: 'Messages retirés (durée de conservation)',
  mdn_sent: 'Accusé de lecture envoyé',
  token_created: 'Appareil ajouté',
  token_revoked: 'Appareil révoqué',
  pairing_approved: 'Appareil autorisé',
  pairing_refused: 'Appareil refusé',
  bal_created: 'Boîte créée',
  bal_deleted: 'Boîte supprimée',
  delegation_created: 'Délégation ajoutée',
  delegation_revoked: 'Délégation supprimée',
  delegation_end_requested: 'Fin de délégation demandée',
  settings_changed: 'Paramètres modifiés',
  cgu_accepted: 'CGU acceptées',
  cgu_published: 'CGU publiées',
  mailbox_exported: 'Messages exportés',
  account_exported: 'Données du compte exportées',
} as const;

export type TraceKind = keyof typeof TRACE_LABELS;

/**
 * The French name of a trace kind; a kind this version does not know (written by a newer
 * server) reads as a plain « Autre action », never as a code.
 *
 * @example
 * traceLabel('mdn_sent'); // 'Accusé de lecture envoyé'
 */
export function traceLabel(kind: string): string {
  return Object.hasOwn(TRACE_LABELS, kind) ? TRACE_LABELS[kind as TraceKind] : 'Autre action';
}

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
