import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MAX_FILTER_DEPTH, MAX_REQUEST_DEPTH } from '../../../shared/jmap/limits.ts';
import { jmap, type Loose, makeAccount, USING } from '../support/mail.ts';

function nestedFilter(depth: number): Loose {
  let filter: Loose = { hasKeyword: '$flagged' };
  for (let i = 0; i < depth; i++) filter = { operator: 'AND', conditions: [filter] };
  return filter;
}

describe('Email/query filter nesting', () => {
  it('forbids a filter nested 3,000 deep: a limit problem before any method runs, not serverFail', async () => {
    const { token, accountId } = await makeAccount();
    const response = await exports.default.fetch('http://pli.test/jmap/api', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        using: USING,
        methodCalls: [['Email/query', { accountId, filter: nestedFilter(3000) }, 'q']],
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Loose;
    expect(problem.type).toBe('urn:ietf:params:jmap:error:limit');
    expect(problem.limit).toBe('maxDepthInRequest');
    expect(problem.detail).toContain(String(MAX_REQUEST_DEPTH));
  });

  it('forbids a filter of more than MAX_FILTER_DEPTH operators with unsupportedFilter', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: nestedFilter(MAX_FILTER_DEPTH) }, 'ok'],
      ['Email/query', { accountId, filter: nestedFilter(MAX_FILTER_DEPTH + 1) }, 'deep'],
    ]);
    expect(body.methodResponses[0]?.[0]).toBe('Email/query');
    expect(body.methodResponses[1]).toEqual([
      'error',
      {
        type: 'unsupportedFilter',
        description: `The filter nests more than ${MAX_FILTER_DEPTH} operators.`,
      },
      'deep',
    ]);
  });
});
