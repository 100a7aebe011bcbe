import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CachedEmail } from '../../../web/src/db.ts';
import { accountId } from '../../../web/src/models/mailbox.ts';
import {
  newRule,
  ruleDraft,
  ruleError,
  ruleFromEmail,
  saveDraft,
  updateDraft,
} from '../../../web/src/models/rules.ts';
import { fakeApi } from '../fake-api.ts';

afterEach(() => {
  vi.restoreAllMocks();
  ruleDraft.value = null;
  ruleError.value = null;
  accountId.value = null;
});

describe('the filing rule being written', () => {
  it('is refused in French before anything is sent when a condition has no value', async () => {
    const api = fakeApi({});
    accountId.value = 'acc-1';
    newRule();
    updateDraft({ name: 'Labo', markRead: true });
    await saveDraft();
    expect(ruleError.value).toBe(
      'Chaque condition doit avoir une valeur (254 caractères au plus).',
    );
    expect(api).not.toHaveBeenCalled();
    updateDraft({ conditions: [{ kind: 'from', value: 'labo@bio.mssante.fr' }], markRead: false });
    await saveDraft();
    expect(ruleError.value).toBe('Une règle doit classer, marquer comme lu ou suivre le message.');
    expect(api).not.toHaveBeenCalled();
  });

  it('starts from a message on its sender, to be completed with a folder', () => {
    ruleFromEmail({
      from: [{ name: 'Laboratoire', email: 'Labo@Bio.mssante.fr' }],
      subject: 'Résultats',
    } as CachedEmail);
    expect(ruleDraft.value).toEqual({
      from: 'message',
      rule: {
        name: 'Messages de labo@bio.mssante.fr',
        isEnabled: true,
        conditions: [{ kind: 'from', value: 'labo@bio.mssante.fr' }],
        moveTo: null,
        markRead: false,
        flag: false,
      },
    });
  });
});
