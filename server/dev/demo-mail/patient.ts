import { deliverToBal } from '../../delivery/mailbox-deliver.ts';
import type { Bindings } from '../../env.ts';
import { CAPABILITIES, type CallContext } from '../../jmap/context.ts';
import { mailboxStub } from '../../mailbox/stub.ts';

/** A fictional patient address with a valid INS key (97 - n mod 97). */
export const DEMO_PATIENT = (() => {
  const matricule = '2560369123045';
  const key = 97 - (Number(matricule) % 97);
  return `${matricule}${String(key).padStart(2, '0')}@patient.mssante.fr`;
})();

/** The few response fields this seed reads. */
interface JmapBody {
  ids: string[];
  list: { id: string; messageId: string[] }[];
  created?: Record<string, { id: string }>;
}

interface Bal {
  id: string;
  addr: string;
  name: string;
  holderIdNat: string;
  quotaBytes: number;
}

/**
 * A conversation with a patient, the real way: Dr Martin writes through JMAP (so the
 * mailbox records what the patient may answer), the patient replies, the doctor closes the
 * exchange with `[FIN]`. The messages to the patient leave through the outbound queue
 * (the dev outbox in development).
 */
export async function seedPatientConversation(env: Bindings, bal: Bal): Promise<void> {
  const stub = mailboxStub(env, bal.id);
  const ctx: CallContext = {
    accountId: bal.id,
    actorIdNat: bal.holderIdNat,
    channel: 'system',
    quotaBytes: bal.quotaBytes,
    using: [CAPABILITIES.core, CAPABILITIES.mail, CAPABILITIES.submission],
  };
  const call = async (name: string, args: Record<string, unknown>) => {
    const { responses } = await stub.call(ctx, name, { accountId: bal.id, ...args }, {});
    const [responseName, body] = responses[0] ?? ['error', {}];
    if (responseName === 'error') throw new Error(`demo patient conversation: ${name} failed`);
    return body as unknown as JmapBody;
  };
  // Already there (a seed interrupted after this step): nothing to do.
  const existing = await call('Email/query', { filter: { from: DEMO_PATIENT } });
  if (existing.ids.length > 0) return;
  const role = async (name: string) => {
    const id = (await call('Mailbox/query', { filter: { role: name } })).ids[0];
    if (!id) throw new Error(`demo patient conversation: no ${name} folder`);
    return id;
  };
  const drafts = await role('drafts');
  const sent = await role('sent');
  const identityId = (await call('Identity/get', {})).list[0]?.id;

  const send = async (subject: string, text: string, replyTo?: string) => {
    const created = await call('Email/set', {
      create: {
        m: {
          mailboxIds: { [drafts]: true },
          keywords: { $draft: true },
          from: [{ name: bal.name, email: bal.addr }],
          to: [{ email: DEMO_PATIENT }],
          subject,
          ...(replyTo ? { inReplyTo: [replyTo], references: [replyTo] } : {}),
          bodyValues: { t: { value: text } },
          textBody: [{ partId: 't', type: 'text/plain' }],
        },
      },
    });
    const emailId = created.created?.m?.id;
    if (!emailId) throw new Error('demo patient conversation: draft not created');
    await call('EmailSubmission/set', {
      create: { s: { emailId, identityId } },
    });
    await call('Email/set', {
      update: { [emailId]: { mailboxIds: { [sent]: true }, keywords: { $seen: true } } },
    });
    const got = await call('Email/get', { ids: [emailId], properties: ['messageId'] });
    return `<${got.list[0]?.messageId[0]}>`;
  };

  const first = await send(
    'Résultats de votre bilan sanguin',
    "Bonjour Madame,\n\nVos résultats sont rassurants : la glycémie et l'hémoglobine sont normales. Nous en reparlerons lors du prochain rendez-vous.\n\nDr Claire Martin",
  );
  const reply = [
    `From: <${DEMO_PATIENT}>`,
    `To: <${bal.addr}>`,
    'Subject: Re: Résultats de votre bilan sanguin',
    `Message-ID: <demo.patient.1@${bal.addr.split('@')[1]}>`,
    `In-Reply-To: ${first}`,
    `References: ${first}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Merci beaucoup docteur pour ces nouvelles. Bonne journée.',
    '',
  ].join('\r\n');
  await deliverToBal(env, {
    balId: bal.id,
    raw: new TextEncoder().encode(reply),
    quotaBytes: bal.quotaBytes,
    mailFrom: DEMO_PATIENT,
    rcptTo: bal.addr,
  });
  await send('[FIN]', 'Bonne journée à vous.\n\nDr Claire Martin', first);
}
