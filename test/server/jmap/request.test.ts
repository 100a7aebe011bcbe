import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { evaluatePointer } from '../../../server/jmap/request.ts';
import { jmap, type Loose, makeAccount, result } from '../support/mail.ts';

async function post(token: string, body: string) {
  const response = await exports.default.fetch('http://pli.test/jmap/api', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, Loose> };
}

describe('JMAP request envelope', () => {
  it('echoes Core/echo arguments', async () => {
    const { token } = await makeAccount();
    const body = await jmap(token, [['Core/echo', { hello: 'monde' }, 'e']]);
    expect(body.methodResponses).toEqual([['Core/echo', { hello: 'monde' }, 'e']]);
  });

  it('answers notJSON, notRequest and unknownCapability as problem details', async () => {
    const { token } = await makeAccount();
    expect((await post(token, '{nope')).body.type).toBe('urn:ietf:params:jmap:error:notJSON');
    expect((await post(token, '{"using":[]}')).body.type).toBe(
      'urn:ietf:params:jmap:error:notRequest',
    );
    const unknown = await post(token, JSON.stringify({ using: ['urn:x:nope'], methodCalls: [] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toBe('urn:ietf:params:jmap:error:unknownCapability');
  });

  it('answers unknownMethod, accountNotFound and invalidResultReference as method errors', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Nope/get', { accountId }, 'a'],
      ['Mailbox/get', { accountId: 'someone-else' }, 'b'],
      [
        'Mailbox/get',
        { accountId, '#ids': { resultOf: 'zz', name: 'Mailbox/query', path: '/ids' } },
        'c',
      ],
    ]);
    expect(body.methodResponses.map((r) => [r[0], r[1].type, r[2]])).toEqual([
      ['error', 'unknownMethod', 'a'],
      ['error', 'accountNotFound', 'b'],
      ['error', 'invalidResultReference', 'c'],
    ]);
  });

  it('refuses mail methods when the mail capability is not in using', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(
      token,
      [['Mailbox/get', { accountId }, 'a']],
      ['urn:ietf:params:jmap:core'],
    );
    expect(body.methodResponses[0]?.[1].type).toBe('unknownMethod');
  });

  it('processes a request with an empty using and answers each call, Core/echo included, with unknownMethod', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(
      token,
      [
        ['Core/echo', { hello: 'monde' }, 'a'],
        ['Mailbox/get', { accountId }, 'b'],
      ],
      [],
    );
    expect(body.methodResponses.map((r) => [r[0], r[1].type, r[2]])).toEqual([
      ['error', 'unknownMethod', 'a'],
      ['error', 'unknownMethod', 'b'],
    ]);
  });

  it('resolves result references with the * path extension', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Mailbox/get', { accountId, ids: null, properties: ['role'] }, 'a'],
      [
        'Mailbox/get',
        {
          accountId,
          '#ids': { resultOf: 'a', name: 'Mailbox/get', path: '/list/*/id' },
          properties: ['name'],
        },
        'b',
      ],
    ]);
    expect(result(body, 'Mailbox/get', 'b').list).toHaveLength(6);
  });

  it('evaluates JSON pointers with arrays flattened under *', () => {
    const value = { list: [{ ids: ['a', 'b'] }, { ids: ['c'] }] };
    expect(evaluatePointer(value, '/list/*/ids')).toEqual(['a', 'b', 'c']);
    expect(evaluatePointer(value, '/list/1/ids/0')).toBe('c');
    expect(() => evaluatePointer(value, '/nope')).toThrow();
  });

  it('refuses a request without authentication', async () => {
    const response = await exports.default.fetch('http://pli.test/jmap/api', {
      method: 'POST',
      body: JSON.stringify({ using: [], methodCalls: [] }),
    });
    expect(response.status).toBe(401);
  });
});

describe('JMAP method arguments are checked against their schema', () => {
  it('forbids arguments of the wrong type from reaching a method: invalidArguments names the argument', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Email/get', { accountId, ids: 'M1' }, 'a'],
      ['Email/query', { accountId, limit: -5 }, 'b'],
      ['Mailbox/changes', { accountId }, 'c'],
      ['Email/set', { accountId, destroy: [42] }, 'd'],
      ['Email/query', { accountId, sort: [{ isAscending: true }] }, 'e'],
      ['Mailbox/get', {}, 'f'],
    ]);
    expect(body.methodResponses.map((r) => [r[1].type, r[1].description, r[2]])).toEqual([
      ['invalidArguments', 'ids: expected Array.', 'a'],
      ['invalidArguments', 'limit: expected >=0.', 'b'],
      ['invalidArguments', 'sinceState: required.', 'c'],
      ['invalidArguments', 'destroy.0: expected string.', 'd'],
      ['invalidArguments', 'sort.0.property: required.', 'e'],
      ['invalidArguments', 'accountId: required.', 'f'],
    ]);
  });

  it('forbids a refused argument’s value from appearing in the error', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [['Email/get', { accountId, ids: 'Dupont Jeanne' }, 'a']]);
    expect(JSON.stringify(body)).not.toContain('Dupont');
  });

  it('forbids a method call that is not [name, arguments, id] from being run', async () => {
    const { token } = await makeAccount();
    const answer = await post(
      token,
      JSON.stringify({
        using: ['urn:ietf:params:jmap:core'],
        methodCalls: [['Core/echo', [], 'e']],
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:ietf:params:jmap:error:notRequest');
  });
});
