/**
 * The quota clean-up assistant ("Libérer de l'espace"): what takes room in a BAL, in a
 * few groups a practitioner can act on in one click each (to the Corbeille, then the
 * Corbeille emptied, which is what gives the space back). The server computes the groups
 * in the mailbox's DO (`Cleanup/get`, Pli's private method under
 * `urn:pli:params:jmap:mssante`); the webmail shows them and moves the messages with
 * `Email/set`. One source for the sizes, the choices and the French wording.
 *
 * @example
 * const reply = v.parse(CleanupSchema, methodResponse);
 * for (const group of reply.groups) console.log(cleanupGroupTitle(group), group.bytes);
 */
import * as v from 'valibot';

export const CLEANUP = {
  /** The largest messages listed one by one. */
  largestShown: 20,
  /** The correspondents that take the most room, listed as groups. */
  topSenders: 5,
  /** At most this many ids per group in one answer (the next answer has the rest). */
  maxIdsPerGroup: 5000,
  /** "Plus de N mois": the ages offered, and the one shown first. */
  ageChoices: [6, 12, 24, 36],
  defaultAgeMonths: 12,
} as const;

export const CleanupAgeSchema = v.picklist(CLEANUP.ageChoices);

export const CLEANUP_KINDS = ['trash', 'older', 'labResults', 'newsletters', 'sender'] as const;
export type CleanupKind = (typeof CLEANUP_KINDS)[number];

export const CleanupGroupSchema = v.object({
  kind: v.picklist(CLEANUP_KINDS),
  count: v.number(),
  /** About the bytes the group takes (a content shared with another message stays). */
  bytes: v.number(),
  emailIds: v.array(v.string()),
  /** For `sender`: the correspondent's address. */
  sender: v.optional(v.string()),
  /** For `older`: the age asked. */
  months: v.optional(v.number()),
});
export type CleanupGroup = v.InferOutput<typeof CleanupGroupSchema>;

export const CleanupMessageSchema = v.object({
  id: v.string(),
  subject: v.nullable(v.string()),
  from: v.nullable(v.string()),
  size: v.number(),
  receivedAt: v.string(),
});
export type CleanupMessage = v.InferOutput<typeof CleanupMessageSchema>;

/** The answer of `Cleanup/get`. Messages already in the Corbeille are only in `trash`. */
export const CleanupSchema = v.object({
  accountId: v.string(),
  usedBytes: v.number(),
  largest: v.array(CleanupMessageSchema),
  groups: v.array(CleanupGroupSchema),
});
export type Cleanup = v.InferOutput<typeof CleanupSchema>;

/** The French title of a group. */
export function cleanupGroupTitle(group: CleanupGroup): string {
  switch (group.kind) {
    case 'trash':
      return 'Corbeille';
    case 'older':
      return `Messages de plus de ${group.months ?? CLEANUP.defaultAgeMonths} mois`;
    case 'labResults':
      return 'Résultats de laboratoire';
    case 'newsletters':
      return 'Lettres d’information et listes de diffusion';
    case 'sender':
      return `Messages de ${group.sender ?? 'ce correspondant'}`;
  }
}
