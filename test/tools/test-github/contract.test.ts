/**
 * The OpenAPI contract itself: schema dialect conversion, route matching, request
 * and response validation, and the server recording violations — both the client's
 * (a malformed request) and its own (a response-shape bug).
 */
import { describe, expect, it } from 'vitest';
import { getContract } from '../../../tools/test-github/openapi.ts';
import { COMPONENT_BASE, convertSchema } from '../../../tools/test-github/schema-dialect.ts';
import { client, errorOf, expectNoViolations, startGitHub } from './helpers.ts';

const repo = { owner: 'acme', repo: 'web' };

describe('OpenAPI 3.0 → JSON Schema', () => {
  it('turns nullable into null unions and drops documentation keywords, not property names', () => {
    const { schema, refs, formats } = convertSchema({
      type: 'object',
      'x-github': { x: 1 },
      description: 'd',
      example: { a: 1 },
      properties: {
        example: { type: 'string', nullable: true, enum: ['a', 'b'] },
        user: { $ref: '#/components/schemas/simple-user', nullable: true },
        when: { type: 'string', format: 'date-time' },
        title: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      },
    });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        example: { type: ['string', 'null'], enum: ['a', 'b', null] },
        user: { anyOf: [{ type: 'null' }, { $ref: `${COMPONENT_BASE}simple-user` }] },
        when: { type: 'string', format: 'date-time' },
        title: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
    });
    expect([...refs]).toEqual(['simple-user']);
    expect([...formats]).toEqual(['date-time']);
  });
});

describe('route matching', () => {
  const contract = getContract();
  const id = (method: string, path: string): string | undefined => {
    const m = contract.match(method, path);
    return 'operation' in m ? m.operation.operationId : undefined;
  };

  it('maps method + path to GitHub\'s operation, literals beating parameters', () => {
    expect(id('GET', '/repos/o/r/issues/5')).toBe('issues/get');
    expect(id('PATCH', '/repos/o/r/issues/comments/5')).toBe('issues/update-comment');
    expect(id('GET', '/repos/o/r/issues/5/comments')).toBe('issues/list-comments');
    expect(id('GET', '/search/issues')).toBe('search/issues-and-pull-requests');
    expect(id('DELETE', '/repos/o/r/issues/5/labels/needs%20triage')).toBe('issues/remove-label');
  });

  it('decodes parameters, and lets a trailing path or ref span segments', () => {
    expect(contract.match('GET', '/repos/o/r/git/ref/heads%2Fctem%2Ffix')).toMatchObject({ params: { ref: 'heads/ctem/fix' } });
    expect(contract.match('GET', '/repos/o/r/git/ref/heads/ctem/fix')).toMatchObject({ params: { ref: 'heads/ctem/fix' } });
    expect(contract.match('PUT', '/repos/o/r/contents/docs/a%20b.md')).toMatchObject({ operation: { operationId: 'repos/create-or-update-file-contents' }, params: { path: 'docs/a b.md' } });
  });

  it('tells an unknown path from a known path with the wrong method', () => {
    expect(contract.match('GET', '/not/github')).toEqual({ pathKnown: false });
    expect(contract.match('PUT', '/repos/o/r/issues')).toEqual({ pathKnown: true });
  });
});

describe('validation', () => {
  const contract = getContract();
  const op = (id: string) => {
    const o = contract.operation(id);
    if (!o) throw new Error(id);
    return o;
  };

  it('coerces query strings before checking them, and reports the JSON path', () => {
    const list = op('issues/list-for-repo');
    expect(contract.validateRequest(list, { params: { owner: 'o', repo: 'r' }, query: { per_page: '30', state: 'all' }, body: undefined })).toEqual([]);
    expect(contract.validateRequest(list, { params: { owner: 'o', repo: 'r' }, query: { per_page: 'lots' }, body: undefined })).toEqual([{ part: 'query', jsonPath: '/per_page', message: 'must be integer' }]);
    expect(contract.validateRequest(op('issues/get'), { params: { owner: 'o', repo: 'r', issue_number: 'one' }, query: {}, body: undefined })).toEqual([
      { part: 'path', jsonPath: '/issue_number', message: 'must be integer' },
    ]);
  });

  it('checks response status and body', () => {
    expect(contract.validateResponse(op('issues/get'), 201, {})).toEqual([{ part: 'status', jsonPath: '', message: expect.stringContaining('status 201 is not declared') }]);
    expect(contract.validateResponse(op('issues/list-labels-for-repo'), 200, [{ id: 1 }])[0]).toMatchObject({ part: 'response', jsonPath: '/0' });
    expect(contract.validateResponse(op('issues/get'), 404, { message: 'Not Found', documentation_url: 'x' })).toEqual([]);
    expect(contract.validateResponse(op('issues/get'), 304, undefined, { conditional: false })[0]?.part).toBe('status');
  });

  it('loads the spec in reasonable time and compiles only what is used', () => {
    const t = contract.timings;
    expect(t.loadMs).toBeLessThan(5000);
    expect(t.registeredComponents).toBeLessThan(300);
    console.log(`[test-github] spec load ${t.loadMs.toFixed(0)} ms, index ${t.indexMs.toFixed(0)} ms, ${t.compiledValidators} validators / ${t.registeredComponents} components compiled in ${t.compileMs.toFixed(0)} ms`);
  });
});

describe('the server records violations', () => {
  it('a malformed request is a violation, answered 422', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    // Untyped, so the request can break the contract the way a bug would.
    const raw = (route: string, params: Record<string, unknown>) => o.request(route, params);
    // `title: 123` is allowed by GitHub's description (string or integer), so the
    // malformed request here sends a list; labels must be an array, not a string.
    const err = await errorOf(raw('POST /repos/{owner}/{repo}/issues', { ...repo, title: ['not', 'a', 'title'] }));
    expect(err.status).toBe(422);
    expect((err.response?.data as { message: string }).message).toMatch(/^Invalid request\.\n\nbody \/title: /);
    expect(gh.violations[0]).toMatchObject({ operationId: 'issues/create', method: 'POST', part: 'body', jsonPath: '/title' });
    gh.violations.length = 0;

    await errorOf(raw('POST /repos/{owner}/{repo}/issues', { ...repo, title: 't', labels: 'bug' }));
    expect(gh.violations).toEqual([expect.objectContaining({ part: 'body', jsonPath: '/labels', message: 'must be array' })]);
    gh.violations.length = 0;

    await errorOf(raw('GET /repos/{owner}/{repo}/issues', { ...repo, state: 'bogus' }));
    expect(gh.violations).toEqual([expect.objectContaining({ part: 'query', jsonPath: '/state' })]);
    gh.violations.length = 0;

    expect((await o.request('POST /repos/{owner}/{repo}/issues', { ...repo, title: 123 })).data.title).toBe('123');
    expect(gh.state.repo('acme', 'web')?.issues.size).toBe(1);
    expectNoViolations(gh);
  });

  it('a route the test GitHub does not implement (or GitHub does not have) is a violation and a 404', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const o = client(gh);
    const err = await errorOf(o.request('GET /repos/{owner}/{repo}/hooks', repo));
    expect(err.status).toBe(404);
    expect(err.response?.data).toMatchObject({ message: 'Not Found' });
    expect(gh.violations).toEqual([expect.objectContaining({ operationId: 'repos/list-webhooks', part: 'route', message: expect.stringContaining('route not implemented') })]);
    await errorOf(o.request('GET /definitely/not/github'));
    expect(gh.violations[1]).toMatchObject({ part: 'route', message: "no such route in GitHub's REST API" });
  });

  it('a response-shape bug in the server shows as a violation (and optionally as a 500)', async () => {
    const gh = await startGitHub();
    gh.state.seedRepo({ owner: 'acme', name: 'web' });
    const issue = gh.state.seedIssue({ owner: 'acme', repo: 'web', title: 'fine' });
    const o = client(gh);
    expect((await o.issues.get({ ...repo, issue_number: 1 })).status).toBe(200);
    expectNoViolations(gh);

    // Corrupt the record so the rendered issue breaks the schema, as a server bug would.
    (issue as { title: unknown }).title = 42;
    await o.issues.get({ ...repo, issue_number: 1 });
    expect(gh.violations).toEqual([{ operationId: 'issues/get', method: 'GET', path: '/repos/acme/web/issues/1', part: 'response', jsonPath: '/title', message: 'must be string' }]);
    expect(gh.log.entries.at(-1)?.violations).toBe(1);

    const strict = await startGitHub({ onResponseViolation: 'respond-500' });
    strict.state.seedRepo({ owner: 'acme', name: 'web' });
    (strict.state.seedIssue({ owner: 'acme', repo: 'web', title: 'x' }) as { title: unknown }).title = 42;
    const err = await errorOf(client(strict).issues.get({ ...repo, issue_number: 1 }));
    expect(err.status).toBe(500);
    expect((err.response?.data as { message: string }).message).toBe('test GitHub response broke the contract: /title: must be string');
  });
});
