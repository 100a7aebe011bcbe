import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/** The JSON body of a request, validated by a valibot schema; `invalid_request` otherwise. */
export async function readBody<S extends v.GenericSchema>(
  c: Context<AppEnv>,
  schema: S,
): Promise<v.InferOutput<S>> {
  const raw: unknown = await c.req.json().catch(() => undefined);
  const result = v.safeParse(schema, raw);
  if (!result.success) throw new ApiError('invalid_request', 'The request body is not valid.');
  return result.output;
}
