import { useEffect } from 'preact/hooks';
import {
  conditionText,
  type FilingRule,
  MAX_RULE_CONDITIONS,
  type RuleCondition,
} from '../../../shared/rules/filing-rules.ts';
import { accountId, mailboxes, mailboxLabel } from '../models/mailbox.ts';
import {
  cancelDraft,
  deleteRule,
  loadRules,
  newRule,
  ruleDraft,
  ruleError,
  ruleMessage,
  rules,
  saveDraft,
  setRuleEnabled,
  updateDraft,
} from '../models/rules.ts';
import { FolderOptions } from './folder-options.tsx';

const KIND_LABELS: Record<RuleCondition['kind'], string> = {
  from: 'L’expéditeur contient',
  fromDomain: 'L’expéditeur est du domaine',
  subject: 'L’objet contient',
  structuredDocument: 'Le message contient un document structuré (IHE XDM)',
  labResult: 'Le message est un résultat de laboratoire',
};

const withValue = (kind: RuleCondition['kind']) =>
  kind === 'from' || kind === 'fromDomain' || kind === 'subject';

/** The folders a rule may file into (not Brouillons or Envoyés). */
function targets() {
  return mailboxes.value.filter((m) => m.role !== 'drafts' && m.role !== 'sent');
}

function actionsText(rule: FilingRule): string {
  const folder = mailboxes.value.find((m) => m.id === rule.moveTo);
  const parts = [
    ...(rule.moveTo
      ? [folder ? `classer dans « ${mailboxLabel(folder)} »` : 'classer (dossier supprimé)']
      : []),
    ...(rule.markRead ? ['marquer comme lu'] : []),
    ...(rule.flag ? ['suivre'] : []),
  ];
  return parts.join(', ');
}

/** The form of the rule being written: its name, conditions (all must hold) and actions. */
export function RuleEditor() {
  const draft = ruleDraft.value;
  if (!draft) return null;
  const { rule } = draft;
  const setCondition = (i: number, condition: RuleCondition) =>
    updateDraft({ conditions: rule.conditions.map((c, j) => (j === i ? condition : c)) });
  return (
    <form
      class="rule-editor"
      aria-label="Nouvelle règle de tri"
      onSubmit={(event) => {
        event.preventDefault();
        void saveDraft();
      }}
    >
      <label>
        Nom de la règle
        <input
          type="text"
          value={rule.name}
          maxLength={100}
          onInput={(e) => updateDraft({ name: e.currentTarget.value })}
        />
      </label>
      <fieldset>
        <legend>Quand un message arrive et que toutes ces conditions sont remplies</legend>
        {rule.conditions.map((condition, i) => (
          <p key={i} class="condition">
            <select
              aria-label={`Condition ${i + 1}`}
              value={condition.kind}
              onChange={(e) => {
                const kind = e.currentTarget.value as RuleCondition['kind'];
                setCondition(
                  i,
                  withValue(kind)
                    ? { kind, value: 'value' in condition ? condition.value : '' }
                    : ({ kind } as RuleCondition),
                );
              }}
            >
              {Object.entries(KIND_LABELS).map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
            {'value' in condition && (
              <input
                type="text"
                aria-label={`Valeur de la condition ${i + 1}`}
                value={condition.value}
                maxLength={254}
                onInput={(e) => setCondition(i, { ...condition, value: e.currentTarget.value })}
              />
            )}
            {rule.conditions.length > 1 && (
              <button
                type="button"
                class="button"
                onClick={() =>
                  updateDraft({ conditions: rule.conditions.filter((_, j) => j !== i) })
                }
              >
                Retirer
              </button>
            )}
          </p>
        ))}
        {rule.conditions.length < MAX_RULE_CONDITIONS && (
          <button
            type="button"
            class="button"
            onClick={() =>
              updateDraft({ conditions: [...rule.conditions, { kind: 'subject', value: '' }] })
            }
          >
            Ajouter une condition
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>Alors</legend>
        <label>
          Classer dans
          <select
            value={rule.moveTo ?? ''}
            onChange={(e) => updateDraft({ moveTo: e.currentTarget.value || null })}
          >
            <option value="">(laisser dans la boîte de réception)</option>
            <FolderOptions folders={targets()} />
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={rule.markRead}
            onChange={(e) => updateDraft({ markRead: e.currentTarget.checked })}
          />
          Marquer comme lu
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={rule.flag}
            onChange={(e) => updateDraft({ flag: e.currentTarget.checked })}
          />
          Suivre
        </label>
      </fieldset>
      {ruleError.value && (
        <p class="error" role="alert">
          {ruleError.value}
        </p>
      )}
      <p class="actions">
        <button type="submit" class="button primary">
          Enregistrer la règle
        </button>
        <button type="button" class="button" onClick={cancelDraft}>
          Annuler
        </button>
      </p>
    </form>
  );
}

/**
 * "Règles de tri": the BAL's rules in the order they apply (each can be turned off or
 * deleted), and a form to add one. Rules apply to messages as they arrive.
 */
export function RulesSection() {
  const account = accountId.value;
  useEffect(() => {
    rules.value = null;
    if (account) void loadRules();
  }, [account]);
  const list = rules.value;
  return (
    <div class="rules">
      <p class="hint">
        Les règles s’appliquent aux messages à leur arrivée, dans l’ordre de la liste : par exemple,
        classer les résultats de laboratoire dans un dossier.
      </p>
      {ruleMessage.value && (
        <p class="notice" role="status">
          {ruleMessage.value}
        </p>
      )}
      {list === null ? (
        <p class="hint">Chargement des règles…</p>
      ) : list.length === 0 ? (
        <p>Aucune règle de tri.</p>
      ) : (
        <ul aria-label="Règles de tri">
          {list.map((rule) => (
            <li key={rule.id} class={rule.isEnabled ? '' : 'disabled'}>
              <strong>{rule.name}</strong> : si {rule.conditions.map(conditionText).join(' et ')},{' '}
              {actionsText(rule)}.{' '}
              <label class="check">
                <input
                  type="checkbox"
                  checked={rule.isEnabled}
                  onChange={(e) => setRuleEnabled(rule.id, e.currentTarget.checked)}
                />
                Active
              </label>{' '}
              <button type="button" class="button" onClick={() => deleteRule(rule.id)}>
                Supprimer
              </button>
            </li>
          ))}
        </ul>
      )}
      {ruleDraft.value?.from === 'settings' ? (
        <RuleEditor />
      ) : (
        <button type="button" class="button" onClick={newRule}>
          Ajouter une règle
        </button>
      )}
      {ruleError.value && !ruleDraft.value && (
        <p class="error" role="alert">
          {ruleError.value}
        </p>
      )}
    </div>
  );
}
