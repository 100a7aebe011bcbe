import * as v from 'valibot';

/**
 * The public pages' API, reachable signed out: `GET /api/public/cgu` (every version of
 * the CGU, the one in force first) and `POST /api/public/support` (the support form).
 */
export interface CguVersion {
  version: string;
  title: string;
  body: string;
  publishedAt: string;
}

/** `GET /api/public/cgu`: newest first; the first one is in force. */
export interface CguHistory {
  versions: CguVersion[];
}

/** The support form's limits, shown by the form and checked by the server. */
export const SUPPORT_LIMITS = { name: 120, subject: 200, message: 5000 } as const;

/** What the support form is about. */
export const SUPPORT_TOPICS = {
  connexion: 'Connexion et compte',
  messagerie: 'Messagerie',
  delegation: 'Délégation et secrétariat',
  autre: 'Autre question',
} as const;

/** `POST /api/public/support`: sent to the operator's support address, copied to `email`. */
export const SupportRequestSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(SUPPORT_LIMITS.name)),
  email: v.pipe(v.string(), v.trim(), v.email(), v.maxLength(254)),
  topic: v.picklist(Object.keys(SUPPORT_TOPICS) as (keyof typeof SUPPORT_TOPICS)[]),
  subject: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(SUPPORT_LIMITS.subject)),
  message: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(SUPPORT_LIMITS.message)),
});
export type SupportRequest = v.InferOutput<typeof SupportRequestSchema>;
