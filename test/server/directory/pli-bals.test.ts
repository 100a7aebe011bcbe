import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { publishPliBal, syncPliBals } from '../../../server/directory/pli-bals.ts';
import { searchDirectory } from '../../../server/directory/search.ts';
import { makeContact, makeDirectoryChoices } from '../support/account-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';
import { extractLines, importLines } from './support.ts';

describe('Pli’s own BALs in the directory', () => {
  it('are published with the holder’s name and profession', async () => {
    const holder = await makePerson({
      givenName: 'Élodie',
      familyName: 'Rousseau',
      professionCode: '60',
    });
    const bal = await makeBal(holder.idNat, 'elodie.rousseau@infirmier.pli.mssante.fr');
    await syncPliBals(env.DB);
    const [found] = await searchDirectory(env.DB, 'elodie infirm', 5);
    expect(found).toMatchObject({
      address: bal.address,
      name: 'Élodie Rousseau',
      profession: 'Infirmier',
      idNat: holder.idNat,
      pli: true,
    });
  });

  it('never shows a red-listed BAL', async () => {
    const holder = await makePerson({ givenName: 'Rouge', familyName: 'Discret' });
    const bal = await makeBal(holder.idNat, 'rouge.discret@medecin.pli.mssante.fr');
    await makeDirectoryChoices(bal.id, { listeRouge: true });
    await syncPliBals(env.DB);
    expect(await searchDirectory(env.DB, 'discret', 5)).toEqual([]);
    expect(await searchDirectory(env.DB, bal.address, 5)).toEqual([]);
    expect(await searchDirectory(env.DB, holder.idNat, 5)).toEqual([]);
  });

  it('withdraw a BAL as soon as its holder chooses the liste rouge', async () => {
    const holder = await makePerson({ familyName: 'Bientotrouge' });
    const bal = await makeBal(holder.idNat);
    await publishPliBal(env.DB, bal.id);
    expect(await searchDirectory(env.DB, 'bientotrouge', 5)).toHaveLength(1);
    await makeDirectoryChoices(bal.id, { listeRouge: true });
    await publishPliBal(env.DB, bal.id);
    expect(await searchDirectory(env.DB, 'bientotrouge', 5)).toEqual([]);
  });

  it('show the phone only when the holder allowed it', async () => {
    const quiet = await makePerson({ familyName: 'Sansphone' });
    const open = await makePerson({ familyName: 'Avecphone' });
    await makeContact(quiet.idNat, { email: 'q@example.org', mobile: '+33600000001' });
    await makeContact(open.idNat, { email: 'o@example.org', mobile: '+33600000002' });
    await makeBal(quiet.idNat);
    const openBal = await makeBal(open.idNat);
    await makeDirectoryChoices(openBal.id, { publishPhone: true });
    await syncPliBals(env.DB);
    expect((await searchDirectory(env.DB, 'sansphone', 5))[0]?.phone).toBeNull();
    expect((await searchDirectory(env.DB, 'avecphone', 5))[0]?.phone).toBe('+33600000002');
  });

  it('leave the directory when the BAL is deleted, and survive an extract refresh', async () => {
    const holder = await makePerson({ familyName: 'Partant' });
    const kept = await makePerson({ familyName: 'Restant' });
    const bal = await makeBal(holder.idNat);
    await makeBal(kept.idNat);
    await syncPliBals(env.DB);
    await importLines(extractLines(20));
    await env.DB.prepare('UPDATE bals SET deleted_at = ? WHERE id = ?')
      .bind(Date.now(), bal.id)
      .run();
    await syncPliBals(env.DB);
    await importLines(extractLines(20));
    expect(await searchDirectory(env.DB, 'partant', 5)).toEqual([]);
    expect(await searchDirectory(env.DB, 'restant', 5)).toHaveLength(1);
  });
});
