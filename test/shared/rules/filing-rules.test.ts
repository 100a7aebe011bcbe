import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  applyRules,
  conditionText,
  contentFacts,
  type FilingRule,
  FilingRuleInputSchema,
  ruleFromMessage,
} from '../../../shared/rules/filing-rules.ts';

const facts = {
  from: ['Resultats@Bio-Lyon.mssante.fr'],
  subject: 'Résultats biologiques',
  structuredDocument: false,
  labResult: false,
};
const rule = (over: Partial<FilingRule>): FilingRule => ({
  id: 'R',
  name: 'R',
  isEnabled: true,
  conditions: [],
  moveTo: null,
  markRead: false,
  flag: false,
  ...over,
});

describe('filing rules', () => {
  it('tells a structured document and a lab result by the XDM package, the CDA codes and HPRIM', () => {
    const none = { attachmentNames: [], codeCda: null, text: '' };
    expect(contentFacts(none)).toEqual({ structuredDocument: false, labResult: false });
    expect(contentFacts({ ...none, attachmentNames: ['IHE_XDM.ZIP'] }).structuredDocument).toBe(
      true,
    );
    expect(contentFacts({ ...none, codeCda: '11502-2^^LN' })).toEqual({
      structuredDocument: true,
      labResult: true,
    });
    expect(contentFacts({ ...none, attachmentNames: ['cr.hpr'] }).labResult).toBe(true);
    expect(contentFacts({ ...none, text: 'x\n****LAB****\n' }).labResult).toBe(true);
  });

  it('matches senders and subjects whatever the case and accents, domains with their subdomains', () => {
    const match = (conditions: FilingRule['conditions']) =>
      applyRules([rule({ conditions, flag: true })], facts).ruleIds;
    expect(match([{ kind: 'from', value: 'bio-lyon' }])).toEqual(['R']);
    expect(match([{ kind: 'subject', value: 'RESULTATS' }])).toEqual(['R']);
    expect(match([{ kind: 'fromDomain', value: '@mssante.fr' }])).toEqual(['R']);
    expect(match([{ kind: 'fromDomain', value: 'lyon.mssante.fr' }])).toEqual([]);
    expect(match([{ kind: 'from', value: 'bio-lyon' }, { kind: 'labResult' }])).toEqual([]);
  });

  it('refuses a rule that does nothing, in French', () => {
    const parsed = v.safeParse(FilingRuleInputSchema, {
      name: 'Rien',
      isEnabled: true,
      conditions: [{ kind: 'labResult' }],
      moveTo: null,
      markRead: false,
      flag: false,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.issues?.[0]?.message).toBe(
      'Une règle doit classer, marquer comme lu ou suivre le message.',
    );
  });

  it('proposes a rule from a message, on its sender, and says its conditions in French', () => {
    const proposed = ruleFromMessage({ ...facts, labResult: true });
    expect(proposed.conditions).toEqual([
      { kind: 'from', value: 'resultats@bio-lyon.mssante.fr' },
      { kind: 'labResult' },
    ]);
    expect(proposed.conditions.map(conditionText)).toEqual([
      'l’expéditeur contient « resultats@bio-lyon.mssante.fr »',
      'le message est un résultat de laboratoire',
    ]);
  });
});
