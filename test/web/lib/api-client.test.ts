import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure, api } from '../../../web/src/lib/api-client.ts';
import { jmap } from '../../../web/src/lib/jmap.ts';
import { fakeApi } from '../fake-api.ts';

afterEach(() => vi.restoreAllMocks());

describe('the API client checks answers against their schema', () => {
  it('returns an answer that matches the schema', async () => {
    fakeApi({ 'GET /api/thing': { body: { name: 'Claire' } } });
    const thing = await api('/api/thing', { schema: v.object({ name: v.string() }) });
    expect(thing.name).toBe('Claire');
  });

  it('forbids an answer of the wrong shape from being trusted: it is refused as internal', async () => {
    fakeApi({ 'GET /api/thing': { body: { name: 42 } } });
    const failure = await api('/api/thing', { schema: v.object({ name: v.string() }) }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ApiFailure);
    expect((failure as ApiFailure).code).toBe('internal');
  });

  it('forbids a JMAP answer without methodResponses from being read as an empty success', async () => {
    fakeApi({ 'POST /jmap/api': { body: { sessionState: 's' } } });
    const failure = await jmap([['Core/echo', {}, 'e']]).catch((error: unknown) => error);
    expect((failure as ApiFailure).code).toBe('internal');
  });
});
