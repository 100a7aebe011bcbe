import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { accessibleBal, listAccessibleBals } from '../../../server/storage/bals.ts';
import { makeBal, makeDelegation, makePerson } from '../support/factories.ts';

describe('accessible BALs', () => {
  it('list the holder’s own BAL first, then the delegated ones', async () => {
    const doctor = await makePerson();
    const secretary = await makePerson({ givenName: 'Sophie' });
    const own = await makeBal(secretary.idNat, 'sophie@medecin.pli.mssante.fr');
    const delegated = await makeBal(doctor.idNat, 'a.docteur@medecin.pli.mssante.fr');
    await makeDelegation(delegated.id, secretary.idNat, doctor.idNat);
    const bals = await listAccessibleBals(env.DB, secretary.idNat);
    expect(bals.map((b) => [b.address, b.role])).toEqual([
      [own.address, 'holder'],
      [delegated.address, 'delegate'],
    ]);
  });

  it('refuse a delegate whose delegation was revoked', async () => {
    const doctor = await makePerson();
    const secretary = await makePerson();
    const bal = await makeBal(doctor.idNat);
    const delegation = await makeDelegation(bal.id, secretary.idNat, doctor.idNat);
    expect(await accessibleBal(env.DB, secretary.idNat, bal.id)).not.toBeNull();
    await env.DB.prepare('UPDATE delegations SET revoked_at = ? WHERE id = ?')
      .bind(Date.now(), delegation)
      .run();
    expect(await accessibleBal(env.DB, secretary.idNat, bal.id)).toBeNull();
    expect(await listAccessibleBals(env.DB, secretary.idNat)).toEqual([]);
  });

  it('refuse someone who is neither holder nor delegate', async () => {
    const doctor = await makePerson();
    const stranger = await makePerson();
    const bal = await makeBal(doctor.idNat);
    expect(await accessibleBal(env.DB, stranger.idNat, bal.id)).toBeNull();
  });
});
