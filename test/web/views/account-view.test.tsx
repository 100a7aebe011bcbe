import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Me } from '../../../shared/identity.ts';
import { delegations, directoryResults } from '../../../web/src/models/account.ts';
import { me } from '../../../web/src/models/session.ts';
import { AccountView } from '../../../web/src/views/account-view.tsx';

let host: HTMLElement | undefined;
afterEach(() => {
  if (host) render(null, host);
  host?.remove();
  me.value = null;
  delegations.value = null;
  directoryResults.value = [];
});

function person(role: 'holder' | 'delegate'): Me {
  return {
    idNat: '810100010015',
    givenName: 'Claire',
    familyName: 'Martin',
    professionCode: '10',
    kind: 'practitioner',
    via: 'session',
    loginMethod: 'psc',
    bals: [
      {
        id: 'bal-1',
        address: 'claire.martin@medecin.pli.mssante.fr',
        displayName: 'Claire Martin',
        role,
        holderIdNat: '810100010015',
      },
    ],
    needsOnboarding: false,
    hasPassword: true,
    hasTotp: false,
    cgu: { current: null, accepted: true, mustAccept: false },
  };
}

const sophie = {
  id: 'd-1',
  balId: 'bal-1',
  balAddress: 'claire.martin@medecin.pli.mssante.fr',
  holderIdNat: '810100010015',
  delegateIdNat: '810100010056',
  delegateName: 'Sophie Garnier',
  createdAt: '2026-11-22T08:00:00.000Z',
};

function mount() {
  host = document.createElement('div');
  document.body.append(host);
  render(<AccountView />, host);
  return host;
}

const buttons = (view: HTMLElement) =>
  [...view.querySelectorAll('button')].map((b) => b.textContent);

describe('the account settings', () => {
  it('let the holder remove a delegate, search the directory or type an RPPS', () => {
    me.value = person('holder');
    delegations.value = [sophie];
    directoryResults.value = [
      {
        address: 'paul.vidal@medecin.mssante.fr',
        name: 'Paul VIDAL',
        profession: 'Médecin',
        specialty: null,
        city: 'LYON',
        idNat: '810109876548',
        postcode: '69003',
        organisation: null,
        phone: null,
        type: 'PER',
        pli: false,
      },
    ];
    const view = mount();
    expect(view.textContent).toContain('Sophie Garnier');
    expect(view.textContent).toContain('Paul VIDAL');
    expect(buttons(view)).toEqual(expect.arrayContaining(['Supprimer', 'Rechercher', 'Ajouter']));
    expect(view.querySelector('input[name="rpps"]')).not.toBeNull();
    expect(view.textContent).toContain('Historique des connexions et des actions');
  });

  it('let a delegate only ask the holder to end their access', () => {
    me.value = person('delegate');
    delegations.value = [sophie];
    const view = mount();
    expect(buttons(view)).toContain('Demander la fin de mon accès');
    expect(buttons(view)).not.toContain('Supprimer');
    expect(view.querySelector('input[name="rpps"]')).toBeNull();
    expect(view.textContent).not.toContain('Historique des connexions');
  });
});
