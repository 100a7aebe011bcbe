import * as v from 'valibot';

/**
 * The delegation API: a holder lets a delegate (délégataire) work in their BAL.
 *
 * @example
 * await api<DelegationCreated>('/api/delegations', { method: 'POST',
 *   body: { bal: 'claire.martin@medecin.pli.mssante.fr', idNat: '10100010056' } });
 */

/** An idNat (`8` + RPPS, `0` + ADELI) or a bare 11-digit RPPS, which gets its `8`. */
export const DelegateIdSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[0-9A-Za-z]{6,20}$/),
  v.transform((id) => (/^\d{11}$/.test(id) ? `8${id}` : id)),
);

/** `POST /api/delegations` body: the BAL (address or id) and the delegate's idNat or RPPS. */
export const DelegationCreateSchema = v.object({
  bal: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(254)),
  idNat: DelegateIdSchema,
});
export type DelegationCreate = v.InferOutput<typeof DelegationCreateSchema>;

/** `POST /api/delegations` answer (201). */
export interface DelegationCreated {
  id: string;
}

/** One live delegation. */
export interface DelegationItem {
  id: string;
  balId: string;
  balAddress: string;
  holderIdNat: string;
  delegateIdNat: string;
  delegateName: string;
  createdAt: string;
}

/** `GET /api/delegations?bal=<address>` (or, without `bal`, the ones given to the caller). */
export interface DelegationList {
  delegations: DelegationItem[];
}
