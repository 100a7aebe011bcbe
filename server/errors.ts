import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ErrorBody, type ErrorCode, errorStatus } from '../shared/errors.ts';
import type { AppEnv } from './env.ts';

/**
 * An error meant for the client: a code from the closed list and a safe message.
 * Never put personal data, message content or internals in the message.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: ErrorCode, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string): Response {
  return c.json(errorBody(code, message, c.get('requestId') ?? ''), errorStatus(code));
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'invalid_request';
}

/**
 * The app's error handler: known errors become their JSON body; anything else is a generic
 * 500 and a server-side log line holding the request id and the error's class, never its
 * message (which may quote user data).
 */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) return errorResponse(c, err.code, err.message);
  if (err instanceof HTTPException && err.status < 500) {
    const code = codeForStatus(err.status);
    return errorResponse(c, code, 'The request could not be processed.');
  }
  console.error(
    JSON.stringify({ level: 'error', requestId: c.get('requestId'), error: err.name ?? 'Error' }),
  );
  return errorResponse(c, 'internal', 'Internal error.');
}
