import { signal } from '@preact/signals';
import * as v from 'valibot';
import {
  type FilingRule,
  type FilingRuleInput,
  FilingRuleInputSchema,
  ruleFromMessage,
} from '../../../shared/rules/filing-rules.ts';
import type { CachedEmail } from '../db.ts';
import { jmap } from '../lib/jmap.ts';
import { accountId } from './mailbox.ts';
import { createModel } from './model.ts';

/**
 * The BAL's filing rules ("Règles de tri"): the list as the server holds it, and the rule
 * being written (from the settings, or from a message: "Créer une règle"). The only caller
 * of `FilingRule/*`.
 */
export const { rules, ruleDraft, ruleError, ruleMessage } = createModel({
  /** The saved rules in the order they apply, once read (null: not yet). */
  rules: signal<FilingRule[] | null>(null),
  /** The rule being written, and where it was started. */
  ruleDraft: signal<{ rule: FilingRuleInput; from: 'settings' | 'message' | 'cleanup' } | null>(
    null,
  ),
  ruleError: signal<string | null>(null),
  ruleMessage: signal<string | null>(null),
});

const EMPTY_RULE: FilingRuleInput = {
  name: '',
  isEnabled: true,
  conditions: [{ kind: 'from', value: '' }],
  moveTo: null,
  markRead: false,
  flag: false,
};

const OFFLINE = 'Hors connexion : les règles ne peuvent pas être modifiées.';

/** Reads the BAL's rules (offline, what was shown stays). */
export async function loadRules(): Promise<void> {
  const account = accountId.peek();
  if (!account) return;
  try {
    const got = await jmap([['FilingRule/get', { accountId: account }, 'g']]);
    if (accountId.peek() !== account) return;
    rules.value = (got.get('g')?.list ?? []) as FilingRule[];
  } catch {
    if (rules.peek() === null) ruleError.value = 'Les règles de tri n’ont pas pu être lues.';
  }
}

/** Starts a new rule from the settings. */
export function newRule(): void {
  ruleMessage.value = null;
  ruleError.value = null;
  ruleDraft.value = { rule: structuredClone(EMPTY_RULE), from: 'settings' };
}

/** "Créer une règle": a rule on the message's sender, to complete with a folder. */
export function ruleFromEmail(email: CachedEmail): void {
  ruleMessage.value = null;
  ruleError.value = null;
  ruleDraft.value = {
    rule: ruleFromMessage({
      from: (email.from ?? []).map((a) => a.email),
      subject: email.subject ?? '',
      structuredDocument: false,
      labResult: false,
    }),
    from: 'message',
  };
}

/**
 * A rule suggested by the clean-up assistant for what keeps filling the BAL: a
 * correspondent's mail, or lab results, filed into a folder (which can then keep them for
 * a while only).
 */
export function ruleForCleanup(facts: { sender?: string; labResult?: boolean }): void {
  ruleMessage.value = null;
  ruleError.value = null;
  ruleDraft.value = {
    rule: ruleFromMessage({
      from: facts.sender ? [facts.sender] : [],
      subject: '',
      structuredDocument: false,
      labResult: facts.labResult === true,
    }),
    from: 'cleanup',
  };
}

export function updateDraft(patch: Partial<FilingRuleInput>): void {
  const draft = ruleDraft.peek();
  if (draft) ruleDraft.value = { ...draft, rule: { ...draft.rule, ...patch } };
}

export function cancelDraft(): void {
  ruleDraft.value = null;
  ruleError.value = null;
}

/** The French reason a set was refused for one rule. */
function refusal(error: { type?: string; properties?: string[]; description?: string }): string {
  if (error.type === 'overQuota') return 'Le nombre maximal de règles est atteint.';
  if (error.properties?.includes('moveTo'))
    return 'Ce dossier n’existe plus : choisissez-en un autre.';
  return 'La règle n’a pas pu être enregistrée.';
}

/** Saves the rule being written (checked first by the same schema as the server). */
export async function saveDraft(): Promise<void> {
  const account = accountId.peek();
  const draft = ruleDraft.peek();
  if (!account || !draft) return;
  ruleError.value = null;
  const parsed = v.safeParse(FilingRuleInputSchema, draft.rule);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const key = issue?.path?.[0]?.key;
    ruleError.value =
      key === 'name'
        ? 'Donnez un nom à la règle.'
        : key === 'conditions'
          ? 'Chaque condition doit avoir une valeur (254 caractères au plus).'
          : (issue?.message ?? 'La règle est incomplète.');
    return;
  }
  try {
    const got = await jmap([
      ['FilingRule/set', { accountId: account, create: { r: parsed.output } }, 's'],
      ['FilingRule/get', { accountId: account }, 'g'],
    ]);
    const refused = (got.get('s')?.notCreated as Record<string, object> | null)?.r;
    if (refused) {
      ruleError.value = refusal(refused);
      return;
    }
    rules.value = (got.get('g')?.list ?? []) as FilingRule[];
    ruleDraft.value = null;
    ruleMessage.value = `Règle « ${parsed.output.name} » enregistrée : elle s’applique aux prochains messages reçus.`;
  } catch {
    ruleError.value = OFFLINE;
  }
}

async function change(call: Record<string, unknown>): Promise<void> {
  const account = accountId.peek();
  if (!account) return;
  ruleError.value = null;
  try {
    const got = await jmap([
      ['FilingRule/set', { accountId: account, ...call }, 's'],
      ['FilingRule/get', { accountId: account }, 'g'],
    ]);
    rules.value = (got.get('g')?.list ?? []) as FilingRule[];
  } catch {
    ruleError.value = OFFLINE;
  }
}

export const setRuleEnabled = (id: string, isEnabled: boolean) =>
  change({ update: { [id]: { isEnabled } } });

export const deleteRule = (id: string) => change({ destroy: [id] });
