import { JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';

/** One JMAP method response: name, arguments, call id. */
export type MethodResponse = [name: string, args: Record<string, unknown>, id: string];

/**
 * A JMAP request to the stack as a person's device token (what the server holds, not a
 * client's cache): the method responses, in order. Throws unless the request is answered
 * with 200.
 */
export async function jmapResponses(
  baseUrl: string,
  token: string,
  calls: unknown[],
  using: string[] = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail, JMAP_CAPABILITIES.submission],
): Promise<MethodResponse[]> {
  const response = await fetch(`${baseUrl}/jmap/api`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ using, methodCalls: calls }),
  });
  if (response.status !== 200) throw new Error(`JMAP answered ${response.status}`);
  return ((await response.json()) as { methodResponses: MethodResponse[] }).methodResponses;
}

/** The same, as a map from call id to the method's arguments. */
export async function jmapById(
  baseUrl: string,
  token: string,
  calls: unknown[],
  using?: string[],
): Promise<Map<string, Record<string, unknown>>> {
  const responses = await jmapResponses(baseUrl, token, calls, using);
  return new Map(responses.map(([, args, id]) => [id, args]));
}

/** The person's own mail account (the session's primary account for mail). */
export async function primaryAccount(baseUrl: string, token: string): Promise<string> {
  const response = await fetch(`${baseUrl}/.well-known/jmap`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const session = (await response.json()) as { primaryAccounts: Record<string, string> };
  return session.primaryAccounts[JMAP_CAPABILITIES.mail] as string;
}

/**
 * Sends a plain-text message as a person through JMAP, as a mail client does (files
 * uploaded, the message created in Drafts, then EmailSubmission); returns the
 * submission's id. Throws if it was refused.
 */
export async function sendAs(
  baseUrl: string,
  from: { token: string; address: string },
  to: string,
  subject: string,
  text = 'Bonjour,\nPouvez-vous me rappeler ?\nCordialement.',
  files: { name: string; type: string; bytes: Uint8Array<ArrayBuffer> }[] = [],
): Promise<string> {
  const accountId = await primaryAccount(baseUrl, from.token);
  const attachments = [];
  for (const file of files) {
    const upload = await fetch(`${baseUrl}/jmap/upload/${accountId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${from.token}`, 'Content-Type': file.type },
      body: file.bytes,
    });
    if (upload.status !== 201) throw new Error(`upload answered ${upload.status}`);
    const { blobId } = (await upload.json()) as { blobId: string };
    attachments.push({ blobId, type: file.type, name: file.name, disposition: 'attachment' });
  }
  const [mailboxes, identities] = await jmapResponses(baseUrl, from.token, [
    ['Mailbox/query', { accountId, filter: { role: 'drafts' } }, 'm'],
    ['Identity/get', { accountId }, 'i'],
  ]);
  const drafts = (mailboxes?.[1].ids as string[] | undefined)?.[0];
  const identityId = (identities?.[1].list as { id: string }[] | undefined)?.[0]?.id;
  const responses = await jmapResponses(baseUrl, from.token, [
    [
      'Email/set',
      {
        accountId,
        create: {
          d: {
            mailboxIds: { [drafts ?? '']: true },
            keywords: { $draft: true },
            from: [{ email: from.address }],
            to: [{ email: to }],
            subject,
            bodyValues: { b: { value: text } },
            textBody: [{ partId: 'b', type: 'text/plain' }],
            attachments,
          },
        },
      },
      'e',
    ],
    ['EmailSubmission/set', { accountId, create: { s: { identityId, emailId: '#d' } } }, 's'],
  ]);
  const submitted = responses.find(([name]) => name === 'EmailSubmission/set')?.[1];
  const id = (submitted?.created as Record<string, { id: string }> | undefined)?.s?.id;
  if (!id) throw new Error(`not sent: ${JSON.stringify(submitted?.notCreated)}`);
  return id;
}
