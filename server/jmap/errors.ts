/** A JMAP method-level error (RFC 8620 section 3.6.2): becomes an `error` response. */
export class MethodError extends Error {
  constructor(
    readonly type: string,
    readonly description?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(type);
    this.name = 'MethodError';
  }

  toArgs(): Record<string, unknown> {
    return {
      type: this.type,
      ...(this.description ? { description: this.description } : {}),
      ...this.extra,
    };
  }
}

/** A SetError (RFC 8620 section 5.3) for one object of a /set call. */
export interface SetError {
  type: string;
  description?: string;
  properties?: string[];
  [key: string]: unknown;
}

/** Thrown inside a /set handler for one object; caught and reported as its SetError. */
export class SetFailure extends Error {
  constructor(readonly error: SetError) {
    super(error.type);
    this.name = 'SetFailure';
  }
}

export const setError = (
  type: string,
  description?: string,
  extra: Record<string, unknown> = {},
): SetFailure => new SetFailure({ type, ...(description ? { description } : {}), ...extra });

/** Request-level problems (RFC 8620 section 3.6.1), answered as RFC 7807 problem details. */
export const REQUEST_ERRORS = {
  unknownCapability: 'urn:ietf:params:jmap:error:unknownCapability',
  notJSON: 'urn:ietf:params:jmap:error:notJSON',
  notRequest: 'urn:ietf:params:jmap:error:notRequest',
  limit: 'urn:ietf:params:jmap:error:limit',
} as const;

/** A request-level problem as its RFC 7807 body: `type`, `status`, `detail` and more. */
export interface Problem extends Record<string, unknown> {
  type: string;
  status: number;
  detail: string;
}

export function problemBody(
  type: keyof typeof REQUEST_ERRORS,
  detail: string,
  status = 400,
  extra: Record<string, unknown> = {},
): Problem {
  return { type: REQUEST_ERRORS[type], status, detail, ...extra };
}

/** A problem as an HTTP response (`application/problem+json`). */
export function problemResponse(body: Problem): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'private, no-store' },
  });
}

export function problem(
  type: keyof typeof REQUEST_ERRORS,
  detail: string,
  status = 400,
  extra: Record<string, unknown> = {},
): Response {
  return problemResponse(problemBody(type, detail, status, extra));
}
