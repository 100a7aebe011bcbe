import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/**
 * Whether a `Content-Type` names JSON: `application/json`, with optional parameters; a
 * `charset` parameter, if given, must be UTF-8 (RFC 8259 section 8.1). `text/plain` and
 * the `application/*+json` family are not JSON bodies of this API.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => {
    const [name, value] = param.split('=', 2).map((p) => p.trim());
    return name !== 'charset' || value?.replace(/^"|"$/g, '') === 'utf-8';
  });
}

/** Bytes decoded as UTF-8, or null when they are not UTF-8 (never U+FFFD replacements). */
export function decodeUtf8(bytes: ArrayBuffer | Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The JSON body of a request, validated by a valibot schema. Refuses a body not sent as
 * `application/json` (`unsupported_media_type`), bytes that are not UTF-8
 * (`invalid_encoding`), and JSON that does not parse or fit the schema (`invalid_request`).
 */
export async function readBody<S extends v.GenericSchema>(
  c: Context<AppEnv>,
  schema: S,
): Promise<v.InferOutput<S>> {
  if (!isJsonContentType(c.req.header('Content-Type')))
    throw new ApiError('unsupported_media_type', 'The request body must be application/json.');
  const text = decodeUtf8(await c.req.arrayBuffer());
  if (text === null) throw new ApiError('invalid_encoding', 'The request body is not UTF-8.');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_request', 'The request body is not valid.');
  }
  const result = v.safeParse(schema, raw);
  if (!result.success) throw new ApiError('invalid_request', 'The request body is not valid.');
  return result.output;
}
