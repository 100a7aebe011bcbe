/**
 * The closed list of error codes the JSON API answers with. Every code maps to one HTTP
 * status (checked for completeness by the compiler) and every client owns a French text
 * for each code.
 *
 * @example
 * const body: ErrorBody = { error: { code: 'not_found', message: 'Not found', requestId } };
 * errorStatus(body.error.code); // 404
 */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_encoding',
  'unauthenticated',
  'invalid_credentials',
  'invalid_code',
  'password_rejected',
  'onboarding_refused',
  'cgu_required',
  'forbidden',
  'csrf_rejected',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'over_quota',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one JSON body shape of every error the `/api`, `/auth` and `/dev` routes return. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    /** A safe English message for developers; clients show their own French text. */
    message: string;
    requestId: string;
  };
}

/** HTTP status of an error code. Exhaustive: adding a code without a status is a type error. */
export function errorStatus(
  code: ErrorCode,
): 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503 {
  switch (code) {
    case 'invalid_request':
    case 'invalid_encoding':
    case 'password_rejected':
      return 400;
    case 'unauthenticated':
    case 'invalid_credentials':
    case 'invalid_code':
      return 401;
    case 'forbidden':
    case 'csrf_rejected':
    case 'onboarding_refused':
    case 'cgu_required':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
    case 'over_quota':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'unavailable':
      return 503;
  }
}

/** Narrows an unknown value to an ErrorBody, e.g. a parsed response of the API. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((error as { code: string }).code)
  );
}
