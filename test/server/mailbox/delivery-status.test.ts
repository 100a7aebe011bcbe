import { createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { OutboundJob } from '../../../server/delivery/outbound-jobs.ts';
import { handleQueue } from '../../../server/handlers/queue.ts';
import { overlayReports } from '../../../server/mailbox/delivery-status.ts';
import {
  DELIVERED_LOCALLY_REPLY,
  HANDED_ON_REPLY,
  QUEUED_REPLY,
} from '../../../shared/jmap/delivery-status.ts';
import { JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';
import { reportMail, whitelistDomains } from '../support/delivery-factories.ts';
import { deliver, jmap, makeAccount, result, roleId, submitDraft, USING } from '../support/mail.ts';

type Account = Awaited<ReturnType<typeof makeAccount>>;
const KARIM = 'karim.benali@medecin.pli.mssante.fr';
const REMOTE = 'dr.x@chu-lyon-demo.mssante.fr';

/** The submission made by `submitDraft`, as EmailSubmission/get shows it now. */
async function submission(sender: Account, id: string) {
  const body = await jmap(sender.token, [
    ['EmailSubmission/get', { accountId: sender.accountId, ids: [id] }, 'g'],
  ]);
  return result(body, 'EmailSubmission/get').list[0];
}

async function send(sender: Account, to: string[], fields: Record<string, unknown> = {}) {
  const body = await submitDraft(sender, to, fields, [...USING, JMAP_CAPABILITIES.mssante]);
  const id = result(body, 'EmailSubmission/set').created.s.id as string;
  const messageId = (await submission(sender, id)).emailId as string;
  const email = result(
    await jmap(sender.token, [
      [
        'Email/get',
        { accountId: sender.accountId, ids: [messageId], properties: ['messageId'] },
        'g',
      ],
    ]),
    'Email/get',
  ).list[0];
  return { id, originalId: `<${email.messageId[0]}>` };
}

/** The emails of a folder, newest first, with the asked properties. */
async function inbox(account: Account, properties: string[]) {
  const folder = await roleId(account.token, account.accountId, 'inbox');
  const body = await jmap(account.token, [
    ['Email/query', { accountId: account.accountId, filter: { inMailbox: folder } }, 'q'],
    [
      'Email/get',
      {
        accountId: account.accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties,
      },
      'g',
    ],
  ]);
  return result(body, 'Email/get').list as Record<string, unknown>[];
}

/** Runs the outbound queue's consumer (or its dead-letter consumer) on a job. */
async function consume(queue: 'pli-outbound' | 'pli-outbound-dlq', submissionId: string) {
  const row = await env.DB.prepare(
    'SELECT recipient, raw_key FROM outbound_deliveries WHERE submission_id = ?',
  )
    .bind(submissionId)
    .first<{ recipient: string; raw_key: string }>();
  const job: OutboundJob = {
    kind: 'outbound',
    submissionId,
    recipient: row?.recipient ?? '',
    rawKey: row?.raw_key ?? '',
  };
  await handleQueue(
    createMessageBatch(queue, [
      { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: job },
    ]),
    env,
  );
}

describe('delivery tracking (EmailSubmission deliveryStatus)', () => {
  it('records local recipients as delivered or failed at once, and lists the DSN of the failure', async () => {
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    await makeAccount(KARIM);
    const { id } = await send(claire, [KARIM, 'nobody@medecin.pli.mssante.fr']);
    const sent = await submission(claire, id);
    expect(sent.deliveryStatus).toEqual({
      [KARIM]: { delivered: 'yes', smtpReply: DELIVERED_LOCALLY_REPLY, displayed: 'unknown' },
      'nobody@medecin.pli.mssante.fr': {
        delivered: 'no',
        smtpReply: '550 5.1.1 unknown_recipient',
        displayed: 'unknown',
      },
    });
    const [dsn] = await inbox(claire, ['blobId', 'subject']);
    expect(dsn?.subject).toBe('Échec de remise');
    expect(sent.dsnBlobIds).toEqual([dsn?.blobId]);
    expect(sent.mdnBlobIds).toEqual([]);
  });

  it('marks a recipient as having read the message when their read receipt comes back', async () => {
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    const karim = await makeAccount(KARIM);
    const { id } = await send(claire, [KARIM], { mssReadReceipt: true });
    const { state } = result(
      await jmap(claire.token, [
        ['EmailSubmission/get', { accountId: claire.accountId, ids: [] }, 'g'],
      ]),
      'EmailSubmission/get',
    );
    const [received] = await inbox(karim, ['id']);
    const sentReceipt = await jmap(
      karim.token,
      [
        [
          'MDN/send',
          {
            accountId: karim.accountId,
            identityId: 'x',
            send: { r: { forEmailId: received?.id, disposition: { type: 'displayed' } } },
          },
          'm',
        ],
      ],
      [...USING, JMAP_CAPABILITIES.mdn],
    );
    expect(result(sentReceipt, 'MDN/send').sent).toHaveProperty('r');
    const read = await submission(claire, id);
    expect(read.deliveryStatus[KARIM]).toMatchObject({ delivered: 'yes', displayed: 'yes' });
    const [mdn] = await inbox(claire, ['blobId']);
    expect(read.mdnBlobIds).toEqual([mdn?.blobId]);
    // Clients learn of it by the usual change feed.
    const changes = result(
      await jmap(claire.token, [
        ['EmailSubmission/changes', { accountId: claire.accountId, sinceState: state }, 'c'],
      ]),
      'EmailSubmission/changes',
    );
    expect(changes.updated).toEqual([id]);
  });

  it('forbids a read receipt from anyone but that recipient, or a report with a return path, to change the status', async () => {
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    await makeAccount(KARIM);
    const { id, originalId } = await send(claire, [KARIM]);
    const to = claire.bal.address;
    // Another professional claims Karim read it.
    const forgedMdn = reportMail({
      kind: 'mdn',
      from: 'elodie.rousseau@infirmier.pli.mssante.fr',
      to,
      finalRecipient: KARIM,
      originalId,
    });
    expect((await deliver(claire.bal.id, forgedMdn, '', to)).status).toBe('stored');
    // A person's message dressed as a DSN (it has a return path).
    const forgedDsn = reportMail({
      kind: 'dsn',
      from: KARIM,
      to,
      finalRecipient: KARIM,
      originalId,
    });
    expect((await deliver(claire.bal.id, forgedDsn, KARIM, to)).status).toBe('stored');
    const sent = await submission(claire, id);
    expect(sent.deliveryStatus[KARIM]).toMatchObject({ delivered: 'yes', displayed: 'unknown' });
    expect(sent.dsnBlobIds).toEqual([]);
    expect(sent.mdnBlobIds).toEqual([]);
  });

  it('records another operator’s recipient as handed on once it accepts, then failed when its DSN comes back', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    const { id, originalId } = await send(claire, [REMOTE]);
    expect((await submission(claire, id)).deliveryStatus[REMOTE]).toEqual({
      delivered: 'queued',
      smtpReply: QUEUED_REPLY,
      displayed: 'unknown',
    });
    await consume('pli-outbound', id);
    expect((await submission(claire, id)).deliveryStatus[REMOTE]).toMatchObject({
      delivered: 'unknown',
      smtpReply: HANDED_ON_REPLY,
    });
    const dsn = reportMail({
      kind: 'dsn',
      from: 'MAILER-DAEMON@chu-lyon-demo.mssante.fr',
      to: claire.bal.address,
      finalRecipient: REMOTE,
      originalId,
      status: '5.2.2',
      diagnostic: '552 5.2.2 Mailbox full',
    });
    expect((await deliver(claire.bal.id, dsn, '', claire.bal.address)).status).toBe('stored');
    const failed = await submission(claire, id);
    expect(failed.deliveryStatus[REMOTE]).toMatchObject({
      delivered: 'no',
      smtpReply: '552 5.2.2 Mailbox full',
    });
    expect(failed.dsnBlobIds).toHaveLength(1);
  });

  it('records a recipient the queue gave up on as failed', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    const { id } = await send(claire, [REMOTE]);
    await consume('pli-outbound-dlq', id);
    const failed = await submission(claire, id);
    expect(failed.deliveryStatus[REMOTE]).toMatchObject({
      delivered: 'no',
      smtpReply: '451 4.4.7 expired',
    });
    // Pli's own DSN about it is in the inbox and listed.
    expect(failed.dsnBlobIds).toHaveLength(1);
  });
});

describe('overlayReports', () => {
  const base = {
    [REMOTE]: { delivered: 'unknown', smtpReply: HANDED_ON_REPLY, displayed: 'unknown' },
  } as const;
  const dsn = (action: string) => ({
    kind: 'dsn' as const,
    recipients: [{ address: REMOTE, action, status: '4.4.1', diagnostic: null }],
  });

  it('never lets a later "delayed" undo a final answer', () => {
    const statuses = overlayReports(base, [dsn('delivered'), dsn('delayed')]);
    expect(statuses[REMOTE]?.delivered).toBe('yes');
  });

  it('ignores reports on addresses the message was not sent to', () => {
    const other = {
      ...dsn('failed'),
      recipients: [
        { address: 'x@y.mssante.fr', action: 'failed', status: '5.1.1', diagnostic: null },
      ],
    };
    expect(overlayReports(base, [other])).toEqual(base);
  });
});
