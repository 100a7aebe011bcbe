import * as v from 'valibot';
import { type ErrorCode, isErrorBody } from '../../../shared/errors.ts';
import { errorMessage } from './error-messages.ts';

/** A failed API call: the server's code (or `unavailable` when offline) and its French text. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
  ) {
    super(errorMessage(code));
    this.name = 'ApiFailure';
  }
}

/** The CSRF token the server set in the readable `pli_csrf` cookie. */
export function csrfToken(): string | undefined {
  const match = document.cookie.match(/(?:^|;\s*)pli_csrf=([^;]+)/);
  return match?.[1];
}

/**
 * The single client of Pli's JSON API. Sends cookies, the CSRF token on writes, JSON in
 * and out (or a file as it is, with `raw`: an operator's CSV or directory extract); turns
 * every failure into an ApiFailure. With a `schema`, the answer is checked against it and
 * one that does not match is refused (`internal`) instead of trusted.
 */
export async function api<T>(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    raw?: { data: Blob | string; type: string };
    schema?: v.GenericSchema<unknown, T>;
  } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.raw) headers['Content-Type'] = init.raw.type;
  const token = method === 'GET' ? undefined : csrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.raw
        ? init.raw.data
        : init.body === undefined
          ? undefined
          : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiFailure('unavailable', 0);
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ApiFailure(isErrorBody(data) ? data.error.code : 'internal', response.status);
  }
  if (!init.schema) return data as T;
  const checked = v.safeParse(init.schema, data);
  if (!checked.success) throw new ApiFailure('internal', response.status);
  return checked.output;
}
