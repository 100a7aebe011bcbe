import { effect, signal } from '@preact/signals';
import type { DirectoryResult } from '../../../shared/directory/api.ts';
import { utcDate } from '../../../shared/jmap/types.ts';
import { normaliseAddress } from '../../../shared/mssante/address.ts';
import { VACATION_ID, type VacationResponse } from '../../../shared/mssante/auto-reply.ts';
import { ApiFailure } from '../lib/api-client.ts';
import { findInDirectory } from '../lib/directory.ts';
import { jmap } from '../lib/jmap.ts';
import { accountId } from './mailbox.ts';
import { createModel } from './model.ts';

/**
 * The BAL's absence reply ("Message d'absence"): its JMAP VacationResponse (RFC 8621
 * section 8) as read and as edited. The only caller of `VacationResponse/*`.
 */

/** What the form holds: days as `<input type="date">` gives them (local, `YYYY-MM-DD`). */
export interface VacationForm {
  isEnabled: boolean;
  /** First day of absence, or '' for "from now". */
  from: string;
  /** Day of return, or '' for "until I turn it off". */
  back: string;
  subject: string;
  text: string;
  replacement: string;
}

const EMPTY_FORM: VacationForm = {
  isEnabled: false,
  from: '',
  back: '',
  subject: '',
  text: '',
  replacement: '',
};

let timer: ReturnType<typeof setTimeout> | undefined;
let lookupTimer: ReturnType<typeof setTimeout> | undefined;

export const {
  vacation,
  vacationForm,
  vacationSaving,
  vacationMessage,
  vacationError,
  replacementSuggestions,
} = createModel(
  {
    /** The saved VacationResponse of the current BAL, once read. */
    vacation: signal<VacationResponse | null>(null),
    vacationForm: signal<VacationForm>(EMPTY_FORM),
    vacationSaving: signal(false),
    vacationMessage: signal<string | null>(null),
    vacationError: signal<string | null>(null),
    replacementSuggestions: signal<DirectoryResult[]>([]),
  },
  () => {
    clearTimeout(timer);
    clearTimeout(lookupTimer);
  },
);

const pad = (n: number) => String(n).padStart(2, '0');

/** A UTCDate as the local day an `<input type="date">` shows. */
export function localDay(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The start of a local day (`YYYY-MM-DD`) as a UTCDate; '' is null. */
export function dayStart(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return utcDate(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime());
}

function formOf(saved: VacationResponse): VacationForm {
  return {
    isEnabled: saved.isEnabled,
    from: localDay(saved.fromDate),
    back: localDay(saved.toDate),
    subject: saved.subject ?? '',
    text: saved.textBody ?? '',
    replacement: saved.mssReplacement ?? '',
  };
}

async function load(account: string): Promise<void> {
  try {
    const got = await jmap([['VacationResponse/get', { accountId: account }, 'v']]);
    const saved = (got.get('v')?.list as VacationResponse[] | undefined)?.[0] ?? null;
    if (accountId.peek() !== account) return;
    vacation.value = saved;
    vacationForm.value = saved ? formOf(saved) : EMPTY_FORM;
  } catch {
    // Offline: what was shown stays.
  }
}

// Read when the BAL changes; a little later than the mail, which comes first.
effect(() => {
  const account = accountId.value;
  clearTimeout(timer);
  vacation.value = null;
  vacationForm.value = EMPTY_FORM;
  vacationMessage.value = null;
  vacationError.value = null;
  if (account) timer = setTimeout(() => void load(account), 300);
});

export function updateVacation(patch: Partial<VacationForm>): void {
  vacationForm.value = { ...vacationForm.value, ...patch };
  vacationMessage.value = null;
}

/** Directory suggestions for the replacement colleague (debounced). */
export function suggestReplacement(text: string): void {
  clearTimeout(lookupTimer);
  if (text.trim().length < 2) {
    replacementSuggestions.value = [];
    return;
  }
  lookupTimer = setTimeout(async () => {
    try {
      replacementSuggestions.value = await findInDirectory(text, 8);
    } catch {
      replacementSuggestions.value = [];
    }
  }, 250);
}

/** Why the form cannot be saved as it is, in French; null when it can. */
export function formProblem(form: VacationForm, now = Date.now()): string | null {
  const from = dayStart(form.from);
  const back = dayStart(form.back);
  if (form.from && !from) return 'La date de début n’est pas valide.';
  if (form.back && !back) return 'La date de retour n’est pas valide.';
  if (from && back && back <= from) return 'La date de retour doit suivre la date de début.';
  if (form.isEnabled && back && Date.parse(back) <= now) return 'La date de retour est passée.';
  const replacement = form.replacement.trim();
  if (replacement && !normaliseAddress(replacement))
    return 'L’adresse du remplaçant n’est pas valide.';
  return null;
}

/** Saves the form as the BAL's VacationResponse (`VacationResponse/set`). */
export async function saveVacation(): Promise<void> {
  const account = accountId.peek();
  if (!account || vacationSaving.peek()) return;
  const form = vacationForm.peek();
  vacationMessage.value = null;
  vacationError.value = formProblem(form);
  if (vacationError.value) return;
  const update = {
    isEnabled: form.isEnabled,
    fromDate: dayStart(form.from),
    toDate: dayStart(form.back),
    subject: form.subject.trim() || null,
    textBody: form.text.trim() ? form.text : null,
    htmlBody: null,
    mssReplacement: form.replacement.trim() || null,
  };
  vacationSaving.value = true;
  try {
    const got = await jmap([
      ['VacationResponse/set', { accountId: account, update: { [VACATION_ID]: update } }, 's'],
      ['VacationResponse/get', { accountId: account }, 'v'],
    ]);
    const refused = (got.get('s')?.notUpdated as Record<string, unknown> | undefined)?.[
      VACATION_ID
    ];
    if (refused) {
      vacationError.value = 'Le message d’absence n’a pas été enregistré : vérifiez les champs.';
      return;
    }
    const saved = (got.get('v')?.list as VacationResponse[] | undefined)?.[0] ?? null;
    if (accountId.peek() !== account) return;
    vacation.value = saved;
    if (saved) vacationForm.value = formOf(saved);
    vacationMessage.value = form.isEnabled
      ? 'Message d’absence enregistré et activé.'
      : 'Message d’absence enregistré, désactivé.';
  } catch (failure) {
    vacationError.value =
      failure instanceof ApiFailure
        ? failure.message
        : 'Le message d’absence n’a pas été enregistré.';
  } finally {
    vacationSaving.value = false;
  }
}

/** Turns the absence reply off at once (the banner's "Désactiver"). */
export async function disableVacation(): Promise<void> {
  updateVacation({ isEnabled: false });
  await saveVacation();
}
