import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../../shared/identity.ts';
import { balUnread } from '../../../web/src/models/bal-unread.ts';
import { pushes } from '../../../web/src/models/mailbox.ts';
import { me } from '../../../web/src/models/session.ts';
import { fakeApi } from '../fake-api.ts';

const bal = (id: string, role: 'holder' | 'delegate') => ({
  id,
  address: `${id}@medecin.pli.mssante.fr`,
  displayName: id,
  role,
  holderIdNat: '810100010015',
});

/** The JMAP answer for the inboxes of `counts` (account id to unread count). */
function inboxes(counts: Record<string, number>) {
  return {
    methodResponses: Object.entries(counts).flatMap(([accountId, unread], i) => [
      ['Mailbox/query', { accountId, ids: [`inbox-${accountId}`] }, `q${i}`],
      [
        'Mailbox/get',
        { accountId, list: [{ id: `inbox-${accountId}`, unreadEmails: unread }] },
        `g${i}`,
      ],
    ]),
    sessionState: 's1',
  };
}

afterEach(() => {
  vi.restoreAllMocks();
  me.value = null;
  balUnread.value = {};
});

describe('the unread count of each BAL', () => {
  it('reads every BAL’s inbox in one request, and again after a push', async () => {
    let answer = inboxes({ own: 2, held: 5 });
    const fetch = fakeApi({ 'POST /jmap/api': () => ({ body: answer }) });
    me.value = { bals: [bal('own', 'holder'), bal('held', 'delegate')] } as unknown as Me;
    await expect.poll(() => balUnread.value, { timeout: 3000 }).toEqual({ own: 2, held: 5 });
    expect(fetch).toHaveBeenCalledTimes(1);
    answer = inboxes({ own: 2, held: 6 });
    pushes.value += 1;
    await expect.poll(() => balUnread.value, { timeout: 3000 }).toEqual({ own: 2, held: 6 });
  });

  it('asks nothing for a person with one BAL (its count is beside its inbox)', async () => {
    const fetch = fakeApi({});
    me.value = { bals: [bal('own', 'holder')] } as unknown as Me;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(fetch).not.toHaveBeenCalled();
  });
});
