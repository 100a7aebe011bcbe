import { afterEach, describe, expect, it } from 'vitest';
import type { Me } from '../../../shared/identity.ts';
import { adopt, currentBal, me, needsOnboarding, status } from '../../../web/src/models/session.ts';

const person = (idNat: string, bals: Me['bals'] = []): Me => ({
  idNat,
  givenName: 'Claire',
  familyName: 'Martin',
  professionCode: '10',
  kind: 'practitioner',
  via: 'session',
  loginMethod: 'psc',
  bals,
  needsOnboarding: !bals.some((bal) => bal.role === 'holder'),
  hasPassword: false,
  hasTotp: false,
  cgu: { current: null, accepted: true, mustAccept: false },
});

function openDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('mail');
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });
}

const databaseNames = async () => (await indexedDB.databases()).map((db) => db.name);

afterEach(() => {
  localStorage.clear();
  me.value = null;
});

describe('the session model', () => {
  it('forgets the previous person’s local databases when another idNat signs in', async () => {
    await adopt(person('810100010015'));
    await openDatabase('pli-cache-test');
    expect(await databaseNames()).toContain('pli-cache-test');
    await adopt(person('810100010056'));
    expect(await databaseNames()).not.toContain('pli-cache-test');
    expect(me.value?.idNat).toBe('810100010056');
    expect(status.value).toBe('signed-in');
  });

  it('keeps local data when the same person signs in again', async () => {
    await adopt(person('810100010015'));
    await openDatabase('pli-cache-same');
    await adopt(person('810100010015'));
    expect(await databaseNames()).toContain('pli-cache-same');
    indexedDB.deleteDatabase('pli-cache-same');
  });

  it('opens the own BAL first and onboards only a person without any BAL', async () => {
    const own = {
      id: 'b1',
      address: 'a@medecin.pli.mssante.fr',
      displayName: 'A',
      role: 'holder',
      holderIdNat: '1',
    } as const;
    const delegated = { ...own, id: 'b2', role: 'delegate' } as const;
    await adopt(person('810100010015', [own, delegated]));
    expect(currentBal.value?.id).toBe('b1');
    expect(needsOnboarding.value).toBe(false);
    await adopt(person('810100010056', [delegated]));
    expect(needsOnboarding.value).toBe(false);
    await adopt(person('810100020014'));
    expect(needsOnboarding.value).toBe(true);
  });
});
