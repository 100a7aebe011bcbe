import { describe, expect, it } from 'vitest';
import {
  dayStart,
  formProblem,
  localDay,
  type VacationForm,
} from '../../../web/src/models/vacation.ts';

const form = (patch: Partial<VacationForm>): VacationForm => ({
  isEnabled: true,
  from: '',
  back: '',
  subject: '',
  text: '',
  replacement: '',
  ...patch,
});
const NOW = new Date(2027, 0, 4, 9).getTime();

describe('the absence reply form', () => {
  it('accepts an absence with a return to come and a colleague of the Annuaire Santé', () => {
    expect(
      formProblem(
        form({
          from: '2027-01-04',
          back: '2027-01-18',
          replacement: 'karim.benali@medecin.pli.mssante.fr',
        }),
        NOW,
      ),
    ).toBeNull();
    expect(formProblem(form({}), NOW)).toBeNull();
  });

  it('refuses, in French, a return before the start, a return already past and an address that is not one', () => {
    expect(formProblem(form({ from: '2027-01-10', back: '2027-01-08' }), NOW)).toBe(
      'La date de retour doit suivre la date de début.',
    );
    expect(formProblem(form({ back: '2027-01-02' }), NOW)).toBe('La date de retour est passée.');
    expect(formProblem(form({ replacement: 'karim.benali@' }), NOW)).toBe(
      'L’adresse du remplaçant n’est pas valide.',
    );
  });

  it('turns a local day into a UTCDate at its start and back', () => {
    const start = dayStart('2027-01-18');
    expect(start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(localDay(start)).toBe('2027-01-18');
    expect(dayStart('18/01/2027')).toBeNull();
  });
});
