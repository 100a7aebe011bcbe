import { sha256Hex } from '../bytes.ts';
import type { Bindings } from '../env.ts';
import type { MimeNode } from '../mail/mime-tree.ts';
import { parseMessage } from '../mail/parse.ts';
import type { DeliverInput, DeliverResult, PreparedMessage } from '../mailbox/deliver-types.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { sendAutoReply } from './auto-reply.ts';

/**
 * Hashes and parses a raw message once, for every mailbox it goes to: the facts each DO
 * needs (`message`) and the parsed tree (`root`, for the caller's own checks).
 */
export async function prepareMessage(
  raw: Uint8Array,
): Promise<{ message: PreparedMessage; root: MimeNode }> {
  const { root, summary, violation } = parseMessage(raw);
  return {
    message: { sha: await sha256Hex(raw), summary, headers: root.headers, violation },
    root,
  };
}

/**
 * Delivers a raw message into one BAL's Durable Object. The DO decides (idempotence,
 * quota exact to the byte, patient rules, absence replies) and answers a
 * {@link DeliverResult}; the absence reply a stored message calls for is sent before this
 * answers. A caller delivering one message to several BALs prepares it once and passes
 * `message`.
 */
export async function deliverToBal(
  env: Bindings,
  input: Omit<DeliverInput, 'message'> & { message?: PreparedMessage },
): Promise<DeliverResult> {
  const message = input.message ?? (await prepareMessage(input.raw)).message;
  // RPC copies the whole buffer under a view: a message cut from a larger batch goes alone.
  const raw =
    input.raw.buffer.byteLength > 2 * input.raw.byteLength ? input.raw.slice() : input.raw;
  const result = await mailboxStub(env, input.balId).deliver({ ...input, raw, message });
  if (result.status !== 'stored' || !result.autoReply) return result;
  await sendAutoReply(env, input.balId, result.autoReply);
  return { status: 'stored', emailId: result.emailId };
}
