import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { devSinkTransport } from '../../../../server/delivery/transports/dev-sink.ts';
import { listOutbox } from '../../../../server/storage/dev-outbox.ts';
import { rawMail } from '../../support/delivery-factories.ts';

describe('dev sink transport', () => {
  it('records each recipient with the decoded subject', async () => {
    const raw = rawMail({
      from: 'claire.martin@medecin.pli.mssante.fr',
      to: 'dev-sink@chu-lyon-demo.mssante.fr',
      subject: '=?UTF-8?Q?R=C3=A9sultats_du?= =?ISO-8859-1?Q?_jour_=E0_9h?=',
    });
    await devSinkTransport(env.DB).send({
      mailFrom: 'claire.martin@medecin.pli.mssante.fr',
      rcptTo: ['dev-sink@chu-lyon-demo.mssante.fr'],
      raw,
    });
    const [item] = await listOutbox(env.DB, { to: 'dev-sink@chu-lyon-demo.mssante.fr', limit: 1 });
    expect(item?.subject).toBe('Résultats du jour à 9h');
    expect(item?.kind).toBe('operator-mail');
  });
});
