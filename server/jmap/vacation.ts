import { normaliseAddress } from '../../shared/mssante/address.ts';
import { VACATION_ID, type VacationResponse } from '../../shared/mssante/auto-reply.ts';
import type { Store } from '../mailbox/store.ts';
import { CAPABILITIES, type Handler, idsArg, pick, propertiesArg, utcDate } from './context.ts';
import { setError } from './errors.ts';
import { runSet } from './set.ts';

const STANDARD = [
  'id',
  'isEnabled',
  'fromDate',
  'toDate',
  'subject',
  'textBody',
  'htmlBody',
] as const;
const PRIVATE = ['mssReplacement'] as const;

/** Longest subject, and longest text or HTML body, of an absence reply. */
const MAX_SUBJECT = 998;
const MAX_BODY = 64 * 1024;

interface VacationRow extends Record<string, SqlStorageValue> {
  is_enabled: number;
  from_date: string | null;
  to_date: string | null;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  mss_replacement: string | null;
}

/** The BAL's VacationResponse, as stored (the schema creates its one row). */
export function readVacation(store: Store): VacationResponse {
  const row = store.one<VacationRow>('SELECT * FROM vacation_response WHERE id = 1');
  return {
    id: VACATION_ID,
    isEnabled: row?.is_enabled === 1,
    fromDate: row?.from_date ?? null,
    toDate: row?.to_date ?? null,
    subject: row?.subject ?? null,
    textBody: row?.text_body ?? null,
    htmlBody: row?.html_body ?? null,
    mssReplacement: row?.mss_replacement ?? null,
  };
}

const UTC_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The column and stored value of one patched property, or null when the value is wrong. */
function column(key: string, value: unknown): [string, string | number | null] | null {
  switch (key) {
    case 'isEnabled':
      return typeof value === 'boolean' ? ['is_enabled', value ? 1 : 0] : null;
    case 'fromDate':
    case 'toDate':
      if (value === null) return [key === 'fromDate' ? 'from_date' : 'to_date', null];
      return typeof value === 'string' && UTC_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? [key === 'fromDate' ? 'from_date' : 'to_date', utcDate(Date.parse(value))]
        : null;
    case 'subject':
      return value === null || (typeof value === 'string' && value.length <= MAX_SUBJECT)
        ? ['subject', typeof value === 'string' ? value.replace(/[\r\n]+/g, ' ') : null]
        : null;
    case 'textBody':
    case 'htmlBody':
      return value === null || (typeof value === 'string' && value.length <= MAX_BODY)
        ? [key === 'textBody' ? 'text_body' : 'html_body', value as string | null]
        : null;
    case 'mssReplacement': {
      if (value === null || value === '') return ['mss_replacement', null];
      const address = typeof value === 'string' ? normaliseAddress(value) : null;
      return address ? ['mss_replacement', address] : null;
    }
    default:
      return null;
  }
}

/**
 * VacationResponse/get (RFC 8621 section 8.2): the one object `singleton`. Pli's
 * `mssReplacement` is returned (and asked for) only with `urn:pli:params:jmap:mssante`.
 */
const get: Handler = ({ store, ctx }, args) => {
  const withPrivate = ctx.using.includes(CAPABILITIES.mssante);
  const known = withPrivate ? [...STANDARD, ...PRIVATE] : [...STANDARD];
  const ids = idsArg(args) ?? [VACATION_ID];
  const properties = propertiesArg(args, known, known);
  return {
    accountId: args.accountId,
    state: store.state('VacationResponse'),
    list: ids.includes(VACATION_ID) ? [pick({ ...readVacation(store) }, properties)] : [],
    notFound: ids.filter((id) => id !== VACATION_ID),
  };
};

/**
 * VacationResponse/set (RFC 8621 section 8.3): only an update of `singleton`; create and
 * destroy are `singleton` SetErrors. Any change starts a new absence period: the senders
 * already answered may be answered again.
 */
const set: Handler = (scope, args) => {
  const withPrivate = scope.ctx.using.includes(CAPABILITIES.mssante);
  return runSet(scope, args, 'VacationResponse', {
    create: () => {
      throw setError('singleton', 'The absence reply exists already: update it.');
    },
    destroy: () => {
      throw setError('singleton', 'The absence reply cannot be destroyed: disable it.');
    },
    update: (id, patch) => {
      if (id !== VACATION_ID) throw setError('notFound');
      const writes: [string, string | number | null][] = [];
      const bad: string[] = [];
      for (const [key, value] of Object.entries(patch)) {
        if (key === 'id') {
          if (value !== VACATION_ID) bad.push(key);
          continue;
        }
        const write = key === 'mssReplacement' && !withPrivate ? null : column(key, value);
        if (write) writes.push(write);
        else bad.push(key);
      }
      const next = { ...readVacation(scope.store) };
      for (const [col, value] of writes) {
        if (col === 'from_date') next.fromDate = value as string | null;
        if (col === 'to_date') next.toDate = value as string | null;
      }
      if (next.fromDate && next.toDate && next.toDate <= next.fromDate) {
        bad.push('toDate');
      }
      if (bad.length) {
        throw setError('invalidProperties', 'Some properties have an invalid value.', {
          properties: bad,
        });
      }
      for (const [col, value] of writes) {
        scope.store.run(`UPDATE vacation_response SET ${col} = ? WHERE id = 1`, value);
      }
      scope.store.run('DELETE FROM vacation_replied');
      scope.store.change('VacationResponse', VACATION_ID, 'updated');
      return null;
    },
  });
};

export const vacationMethods: Record<string, Handler> = {
  'VacationResponse/get': get,
  'VacationResponse/set': set,
};
