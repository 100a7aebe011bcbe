import * as v from 'valibot';
import { JmapResponseSchema, UploadResponseSchema } from '../../../shared/jmap/schemas.ts';
import { type Invocation, JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';
import { ApiFailure, api, csrfToken } from './api-client.ts';

export type { Invocation };

/** Every capability the webmail uses, Pli's MSSanté one included. */
const USING = Object.values(JMAP_CAPABILITIES);

/** A JMAP method error (RFC 8620 §3.6.2), e.g. `cannotCalculateChanges`. */
export class JmapMethodError extends Error {
  constructor(
    readonly type: string,
    readonly callId: string,
  ) {
    super(type);
    this.name = 'JmapMethodError';
  }
}

/** A back reference to an earlier call's result (RFC 8620 §3.7). */
export function ref(resultOf: string, name: string, path: string) {
  return { resultOf, name, path };
}

/**
 * Sends one JMAP request (the same cookie, CSRF token and error handling as the JSON API)
 * and returns the responses by call id. A method error throws a JmapMethodError.
 */
export async function jmap(calls: Invocation[]): Promise<Map<string, Record<string, unknown>>> {
  const response = await api('/jmap/api', {
    method: 'POST',
    body: { using: USING, methodCalls: calls },
    schema: JmapResponseSchema,
  });
  const byId = new Map<string, Record<string, unknown>>();
  for (const [name, args, callId] of response.methodResponses) {
    if (name === 'error') throw new JmapMethodError(String(args.type), callId);
    byId.set(callId, args);
  }
  return byId;
}

/**
 * Uploads a file as a blob of an account (RFC 8620 §6.1); returns its blobId. With
 * `onProgress`, the bytes sent so far are reported as they go (XMLHttpRequest: `fetch`
 * has no upload progress), for the progress bar of a large attachment.
 */
export async function uploadBlob(
  accountId: string,
  file: Blob,
  onProgress?: (sent: number) => void,
): Promise<string> {
  const token = csrfToken();
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/jmap/upload/${encodeURIComponent(accountId)}`);
    request.withCredentials = true;
    request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (token) request.setRequestHeader('X-CSRF-Token', token);
    if (onProgress) request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => resolve({ status: request.status, text: request.responseText });
    request.onerror = () => reject(new ApiFailure('unavailable', 0));
    request.onabort = () => reject(new ApiFailure('unavailable', 0));
    request.send(file);
  });
  if (answer.status < 200 || answer.status >= 300)
    throw new ApiFailure(answer.status === 413 ? 'payload_too_large' : 'internal', answer.status);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const checked = v.safeParse(UploadResponseSchema, body);
  if (!checked.success) throw new ApiFailure('internal', answer.status);
  onProgress?.(file.size);
  return checked.output.blobId;
}
