/**
 * Filing rules ("règles de tri"): what a BAL does with a message as it arrives, against the
 * flood of results and letters. A rule holds conditions, all of which must match, and
 * actions: file into a folder, mark read, flag. Every enabled rule that matches applies, in
 * order; the first one that files decides the folder. The one source of the model for the
 * server (at delivery, inside the mailbox's DO) and the webmail (the settings screen).
 *
 * @example
 * const facts = { from: ['labo@bio-lyon.mssante.fr'], subject: 'Résultats', structuredDocument: false, labResult: true };
 * applyRules([{ id: 'R1', name: 'Labo', isEnabled: true, conditions: [{ kind: 'labResult' }],
 *   moveTo: 'mb-results', markRead: false, flag: false }], facts);
 * // { moveTo: 'mb-results', keywords: [], ruleIds: ['R1'] }
 */
import * as v from 'valibot';
import { isXdmPackageName } from '../mssante/xdm.ts';
import { fold } from '../text.ts';

/** At most this many rules per BAL, and conditions per rule. */
export const MAX_FILING_RULES = 100;
export const MAX_RULE_CONDITIONS = 5;

/** LOINC 11502-2, "CR d'examens biologiques": a lab report, in `X-MSS-CODECDA`. */
const LAB_REPORT_LOINC = '11502-2';
/** HPRIM Santé lab files, as labs send them. */
const HPRIM_FILE = /\.(hpr|hprim|hpm)$/i;
/** The block marker of an HPRIM Net lab report in a message's text. */
const HPRIM_LAB_MARK = '****LAB****';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/** One condition: the sender, its domain or the subject contains a text, or a kind of content. */
export const RuleConditionSchema = v.variant('kind', [
  v.object({ kind: v.literal('from'), value: text(254) }),
  v.object({ kind: v.literal('fromDomain'), value: text(254) }),
  v.object({ kind: v.literal('subject'), value: text(200) }),
  v.object({ kind: v.literal('structuredDocument') }),
  v.object({ kind: v.literal('labResult') }),
]);
export type RuleCondition = v.InferOutput<typeof RuleConditionSchema>;

/** A rule as a client writes it (`FilingRule/set` create, the settings form). */
export const FilingRuleInputSchema = v.pipe(
  v.object({
    name: text(100),
    isEnabled: v.boolean(),
    conditions: v.pipe(
      v.array(RuleConditionSchema),
      v.minLength(1),
      v.maxLength(MAX_RULE_CONDITIONS),
    ),
    /** The folder (Mailbox id) to file into, or null to leave it in the inbox. */
    moveTo: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(255))),
    markRead: v.boolean(),
    flag: v.boolean(),
  }),
  v.check(
    (rule) => rule.moveTo !== null || rule.markRead || rule.flag,
    'Une règle doit classer, marquer comme lu ou suivre le message.',
  ),
);
export type FilingRuleInput = v.InferOutput<typeof FilingRuleInputSchema>;
export type FilingRule = FilingRuleInput & { id: string };

/** What the rules look at in an arriving message. */
export interface MessageFacts {
  /** The From addresses. */
  from: string[];
  subject: string;
  /** It carries an IHE XDM package (or declares CDA codes). */
  structuredDocument: boolean;
  /** It is a lab report (LOINC 11502-2 in its CDA codes, or an HPRIM lab file). */
  labResult: boolean;
}

/**
 * The content facts of a message, from its attachment names, its `X-MSS-CODECDA` value and
 * its text: what the `structuredDocument` and `labResult` conditions test.
 */
export function contentFacts(input: {
  attachmentNames: string[];
  codeCda: string | null;
  text: string;
}): Pick<MessageFacts, 'structuredDocument' | 'labResult'> {
  const names = input.attachmentNames.map((n) => n.trim().toLowerCase());
  const codes = input.codeCda ?? '';
  return {
    structuredDocument: names.some(isXdmPackageName) || codes.trim() !== '',
    labResult:
      codes.includes(LAB_REPORT_LOINC) ||
      names.some((n) => HPRIM_FILE.test(n)) ||
      input.text.includes(HPRIM_LAB_MARK),
  };
}

function conditionMatches(condition: RuleCondition, facts: MessageFacts): boolean {
  switch (condition.kind) {
    case 'from':
      return facts.from.some((a) => fold(a).includes(fold(condition.value)));
    case 'fromDomain': {
      const domain = fold(condition.value).replace(/^@/, '');
      return facts.from.some((a) => {
        const own = fold(a.slice(a.lastIndexOf('@') + 1));
        return own === domain || own.endsWith(`.${domain}`);
      });
    }
    case 'subject':
      return fold(facts.subject).includes(fold(condition.value));
    case 'structuredDocument':
      return facts.structuredDocument;
    case 'labResult':
      return facts.labResult;
  }
}

/** Whether every condition of a rule holds for the message (a disabled rule never does). */
export function ruleMatches(rule: FilingRule, facts: MessageFacts): boolean {
  return rule.isEnabled && rule.conditions.every((c) => conditionMatches(c, facts));
}

/** What the rules, in order, do with a message: its folder, keywords, and which applied. */
export function applyRules(
  rules: FilingRule[],
  facts: MessageFacts,
): { moveTo: string | null; keywords: string[]; ruleIds: string[] } {
  let moveTo: string | null = null;
  const keywords = new Set<string>();
  const ruleIds: string[] = [];
  for (const rule of rules) {
    if (!ruleMatches(rule, facts)) continue;
    ruleIds.push(rule.id);
    moveTo ??= rule.moveTo;
    if (rule.markRead) keywords.add('$seen');
    if (rule.flag) keywords.add('$flagged');
  }
  return { moveTo, keywords: [...keywords], ruleIds };
}

/** A condition in the French the settings screen shows. */
export function conditionText(condition: RuleCondition): string {
  switch (condition.kind) {
    case 'from':
      return `l’expéditeur contient « ${condition.value} »`;
    case 'fromDomain':
      return `l’expéditeur est du domaine « ${condition.value} »`;
    case 'subject':
      return `l’objet contient « ${condition.value} »`;
    case 'structuredDocument':
      return 'le message contient un document structuré (IHE XDM)';
    case 'labResult':
      return 'le message est un résultat de laboratoire';
  }
}

/**
 * "Créer une règle à partir de ce message": a rule on its sender's address (and on lab
 * results when it is one), to be completed by the user with a folder.
 */
export function ruleFromMessage(facts: MessageFacts): FilingRuleInput {
  const sender = (facts.from[0] ?? '').toLowerCase();
  return {
    name: sender ? `Messages de ${sender}` : 'Nouvelle règle',
    isEnabled: true,
    conditions: [
      ...(sender ? [{ kind: 'from' as const, value: sender }] : []),
      ...(facts.labResult ? [{ kind: 'labResult' as const }] : []),
    ],
    moveTo: null,
    markRead: false,
    flag: false,
  };
}
