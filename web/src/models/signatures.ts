import { computed, signal } from '@preact/signals';
import { ApiFailure } from '../lib/api-client.ts';
import { jmap } from '../lib/jmap.ts';
import { accountId } from './mailbox.ts';
import { createModel } from './model.ts';
import { currentBal } from './session.ts';

/**
 * The BAL's signatures: its JMAP identities (all of the BAL's own address), each with its
 * text signature, exactly one the default (Pli's `mssIsDefault`). The composer starts with
 * the default one and may switch; the account settings edit them.
 */
export interface Signature {
  id: string;
  text: string;
  isDefault: boolean;
  mayDelete: boolean;
}

export const { signatures, signaturesFor, signatureError, signatureNotice } = createModel({
  signatures: signal<Signature[]>([]),
  /** The account `signatures` were read for. */
  signaturesFor: signal<string | null>(null),
  signatureError: signal<string | null>(null),
  signatureNotice: signal<string | null>(null),
});

/** The signature the composer starts with, when it has a text. */
export const defaultSignature = computed(
  () => signatures.value.find((s) => s.isDefault && s.text.trim()) ?? null,
);

const cut = (line: string) => (line.length > 40 ? `${line.slice(0, 39)}…` : line);
const linesOf = (signature: Signature) =>
  signature.text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** A short French label of a signature: its first line. */
export function signatureLabel(signature: Signature): string {
  return cut(linesOf(signature)[0] ?? '') || 'Signature sans texte';
}

/**
 * Labels that tell signatures apart: the first line, and the second beside it when
 * another signature starts the same way (most start with the person's name).
 */
export function signatureLabels(list: Signature[]): string[] {
  const firsts = list.map(signatureLabel);
  return list.map((signature, i) => {
    const shared = firsts.filter((f) => f === firsts[i]).length > 1;
    const second = linesOf(signature)[1];
    return shared && second ? `${firsts[i]} — ${cut(second)}` : (firsts[i] ?? '');
  });
}

/** The signature block as written under a message (RFC 3676 separator `-- `). */
export const signatureBlock = (text: string) => `\n\n-- \n${text.trim()}`;

/** Reads the BAL's signatures (once per account unless `again`). */
export async function loadSignatures(again = false): Promise<void> {
  const account = accountId.value;
  if (!account || (!again && signaturesFor.peek() === account)) return;
  try {
    const got = await jmap([['Identity/get', { accountId: account }, 'i']]);
    const list = (got.get('i')?.list ?? []) as {
      id: string;
      textSignature: string;
      mssIsDefault: boolean;
      mayDelete: boolean;
    }[];
    if (accountId.peek() !== account) return;
    signatures.value = list.map((i) => ({
      id: i.id,
      text: i.textSignature ?? '',
      isDefault: i.mssIsDefault === true,
      mayDelete: i.mayDelete,
    }));
    signaturesFor.value = account;
  } catch {
    // Offline: the composer goes without; the settings say so when saving.
  }
}

async function change(call: Record<string, unknown>, done: string): Promise<boolean> {
  const account = accountId.value;
  if (!account) return false;
  signatureError.value = null;
  signatureNotice.value = null;
  try {
    const got = await jmap([['Identity/set', { accountId: account, ...call }, 's']]);
    const answer = got.get('s');
    const refused = ['notCreated', 'notUpdated', 'notDestroyed'].some(
      (key) => answer?.[key] && Object.keys(answer[key] as object).length > 0,
    );
    if (refused) {
      signatureError.value = 'La signature n’a pas pu être enregistrée.';
      return false;
    }
    await loadSignatures(true);
    signatureNotice.value = done;
    return true;
  } catch (failure) {
    signatureError.value =
      failure instanceof ApiFailure && failure.code === 'unavailable'
        ? 'Hors connexion : les signatures ne peuvent être modifiées qu’en ligne.'
        : 'La signature n’a pas pu être enregistrée.';
    return false;
  }
}

/**
 * A new signature of the BAL: written into an identity still without one (at first, the
 * BAL address's own, the default), else a new identity of the same address.
 */
export function addSignature(text: string): Promise<boolean> {
  const bal = currentBal.value;
  if (!bal) return Promise.resolve(false);
  const blank = signatures.value.find((s) => !s.text.trim());
  if (blank)
    return change({ update: { [blank.id]: { textSignature: text } } }, 'Signature ajoutée.');
  return change(
    {
      create: {
        s: {
          email: bal.address,
          name: bal.displayName,
          textSignature: text,
        },
      },
    },
    'Signature ajoutée.',
  );
}

export const saveSignature = (id: string, text: string) =>
  change({ update: { [id]: { textSignature: text } } }, 'Signature enregistrée.');

export const makeDefaultSignature = (id: string) =>
  change({ update: { [id]: { mssIsDefault: true } } }, 'Signature par défaut choisie.');

export const deleteSignature = (id: string) => change({ destroy: [id] }, 'Signature supprimée.');
