import { describe, expect, it } from 'vitest';
import { buildDsn, failedFor } from '../../../server/delivery/dsn.ts';
import { buildMdn } from '../../../server/delivery/mdn.ts';
import { parseMessage } from '../../../server/mail/parse.ts';
import { parseReport } from '../../../server/mail/report.ts';
import { rawMail, reportMail } from '../support/delivery-factories.ts';

const CLAIRE = 'claire.martin@medecin.pli.mssante.fr';
const original = rawMail({
  from: CLAIRE,
  to: 'x@y.mssante.fr',
  messageId: '<orig-7@pli.mssante.fr>',
});
const reportOf = (raw: Uint8Array) => parseReport(parseMessage(raw).root);

describe('parseReport', () => {
  it('reads Pli’s own DSN: the message it is about and each failed recipient', () => {
    const raw = buildDsn({
      reportingDomain: 'pli.mssante.fr',
      to: CLAIRE,
      original,
      failed: [failedFor('Nobody@Medecin.pli.mssante.fr', 'over_quota')],
      messageId: '<dsn.2@pli.mssante.fr>',
      date: new Date(),
    });
    expect(reportOf(raw)).toEqual({
      kind: 'dsn',
      originalMessageId: 'orig-7@pli.mssante.fr',
      recipients: [
        {
          address: 'nobody@medecin.pli.mssante.fr',
          action: 'failed',
          status: '5.2.2',
          diagnostic: '552 5.2.2 over_quota',
        },
      ],
    });
  });

  it('reads another operator’s DSN in Postfix’s layout', () => {
    const raw = reportMail({
      kind: 'dsn',
      from: 'MAILER-DAEMON@chu-lyon-demo.mssante.fr',
      to: CLAIRE,
      finalRecipient: 'dr.x@chu-lyon-demo.mssante.fr',
      originalId: '<orig-8@pli.mssante.fr>',
      action: 'delayed',
      status: '4.4.1',
      diagnostic: '421 4.4.1 Connection timed out',
    });
    expect(reportOf(raw)).toMatchObject({
      kind: 'dsn',
      originalMessageId: 'orig-8@pli.mssante.fr',
      recipients: [
        { address: 'dr.x@chu-lyon-demo.mssante.fr', action: 'delayed', status: '4.4.1' },
      ],
    });
  });

  it('reads a read receipt (RFC 8098): who displayed which message', () => {
    const raw = buildMdn({
      original,
      balAddress: 'x@y.mssante.fr',
      reportingDomain: 'pli.mssante.fr',
      notifyTo: CLAIRE,
      messageId: '<mdn.1@pli.mssante.fr>',
      date: new Date(),
    });
    expect(reportOf(raw)).toEqual({
      kind: 'mdn',
      originalMessageId: 'orig-7@pli.mssante.fr',
      recipients: [
        { address: 'x@y.mssante.fr', action: 'displayed', status: null, diagnostic: null },
      ],
    });
  });

  it('finds no report in an ordinary message, even one that quotes report fields', () => {
    const raw = rawMail({
      from: CLAIRE,
      to: 'x@y.mssante.fr',
      body: 'Final-Recipient: rfc822; x@y.mssante.fr\r\nAction: failed',
    });
    expect(reportOf(raw)).toBeNull();
    expect(parseMessage(raw).summary.report).toBeNull();
  });
});
