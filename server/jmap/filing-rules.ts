import * as v from 'valibot';
import {
  type FilingRule,
  FilingRuleInputSchema,
  MAX_FILING_RULES,
} from '../../shared/rules/filing-rules.ts';
import { newId, type Store } from '../mailbox/store.ts';
import {
  type Args,
  type Handler,
  idsArg,
  intArg,
  pick,
  propertiesArg,
  stringArg,
} from './context.ts';
import { setError } from './errors.ts';
import { runSet } from './set.ts';

const PROPERTIES = [
  'id',
  'name',
  'isEnabled',
  'conditions',
  'moveTo',
  'markRead',
  'flag',
  'position',
] as const;
const WRITABLE = new Set<string>(PROPERTIES.filter((p) => p !== 'id' && p !== 'position'));

interface RuleRow extends Record<string, SqlStorageValue> {
  id: string;
  position: number;
  rule: string;
}

/** The BAL's rules, in the order they apply. */
export function readRules(store: Store): (FilingRule & { position: number })[] {
  return store
    .all<RuleRow>('SELECT id, position, rule FROM filing_rules ORDER BY position, id')
    .map((row) => ({
      ...(JSON.parse(row.rule) as FilingRule),
      id: row.id,
      position: row.position,
    }));
}

/**
 * The rule a create or update makes, checked whole (valibot schema of
 * `shared/rules/filing-rules.ts`, and its folder must be one of this BAL's).
 */
function checked(store: Store, object: Args) {
  const unknown = Object.keys(object).filter((k) => !WRITABLE.has(k) && k !== 'position');
  if (unknown.length)
    throw setError('invalidProperties', 'Unknown properties.', { properties: unknown });
  const parsed = v.safeParse(FilingRuleInputSchema, {
    name: object.name,
    isEnabled: object.isEnabled ?? true,
    conditions: object.conditions,
    moveTo: object.moveTo ?? null,
    markRead: object.markRead ?? false,
    flag: object.flag ?? false,
  });
  if (!parsed.success) {
    const properties = [
      ...new Set(parsed.issues.map((issue) => String(issue.path?.[0]?.key ?? 'conditions'))),
    ];
    throw setError('invalidProperties', parsed.issues[0]?.message, { properties });
  }
  const rule = parsed.output;
  if (rule.moveTo && !store.one('SELECT 1 AS x FROM mailboxes WHERE id = ?', rule.moveTo)) {
    throw setError('invalidProperties', 'Unknown folder.', { properties: ['moveTo'] });
  }
  const position = object.position;
  if (position !== undefined && !(Number.isInteger(position) && (position as number) >= 0)) {
    throw setError('invalidProperties', 'position must be a whole number.', {
      properties: ['position'],
    });
  }
  return { rule, position: position as number | undefined };
}

/** FilingRule/get: the rules, in order. */
const get: Handler = ({ store }, args) => {
  const properties = propertiesArg(args, PROPERTIES, PROPERTIES);
  const rules = readRules(store);
  const ids = idsArg(args);
  const list = (ids ? rules.filter((r) => ids.includes(r.id)) : rules).map((r) =>
    pick({ ...r }, properties),
  );
  return {
    accountId: args.accountId,
    state: store.state('FilingRule'),
    list,
    notFound: ids ? ids.filter((id) => !rules.some((r) => r.id === id)) : [],
  };
};

const changes: Handler = ({ store }, args) => ({
  accountId: args.accountId,
  ...store.changesSince(
    'FilingRule',
    stringArg(args, 'sinceState'),
    intArg(args, 'maxChanges', null),
  ),
});

/** FilingRule/set: create (appended unless a position is given), update, destroy. */
const set: Handler = (scope, args) => {
  const { store } = scope;
  return runSet(scope, args, 'FilingRule', {
    create: (object) => {
      const count = store.one<{ n: number }>('SELECT count(*) AS n FROM filing_rules')?.n ?? 0;
      if (count >= MAX_FILING_RULES)
        throw setError('overQuota', `At most ${MAX_FILING_RULES} rules.`);
      const { rule, position } = checked(store, object);
      const id = newId('R');
      const last =
        store.one<{ p: number | null }>('SELECT max(position) AS p FROM filing_rules')?.p ?? -1;
      store.run(
        'INSERT INTO filing_rules (id, position, rule) VALUES (?, ?, ?)',
        id,
        position ?? last + 1,
        JSON.stringify(rule),
      );
      store.change('FilingRule', id, 'created');
      return { id, position: position ?? last + 1 };
    },
    update: (id, patch) => {
      const current = readRules(store).find((r) => r.id === id);
      if (!current) throw setError('notFound');
      const { rule, position } = checked(store, { ...withoutId(current), ...patch });
      store.run(
        'UPDATE filing_rules SET rule = ?, position = ? WHERE id = ?',
        JSON.stringify(rule),
        position ?? current.position,
        id,
      );
      store.change('FilingRule', id, 'updated');
      return null;
    },
    destroy: (id) => {
      if (!store.one('SELECT 1 AS x FROM filing_rules WHERE id = ?', id))
        throw setError('notFound');
      store.run('DELETE FROM filing_rules WHERE id = ?', id);
      store.change('FilingRule', id, 'destroyed');
    },
  });
};

function withoutId(rule: FilingRule & { position: number }): Args {
  const { id: _id, ...rest } = rule;
  return rest;
}

export const filingRuleMethods: Record<string, Handler> = {
  'FilingRule/get': get,
  'FilingRule/changes': changes,
  'FilingRule/set': set,
};
