import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ROLES, type Role } from '../../api/auth/roles';
import { TokenService } from '../../api/auth/tokens';
import { REQUEST_ACTION_SPECS, REQUEST_ACTIONS } from '../../domain/requests/actions';
import { methodOf } from '../../domain/shared/action-table';
import { createViaApi, sampleRequest, startHarness, type Harness } from './harness';

/**
 * The API contract through real HTTP on the harness app (real Temporal server and PostgreSQL):
 * who may take each action, every error status in the one error shape, unit and creator scoping
 * of reads, and cursor pagination. (429 has its own test in rate-limit.test.ts.)
 */
describe('API contract', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const bearer = async (role: Role, unit?: string, subject?: string) => `Bearer ${await h.token(role, unit, subject)}`;

  const expectError = (res: request.Response, status: number, code: string) => {
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message.length).toBeGreaterThan(0);
  };

  const newRequestId = async (): Promise<string> => {
    const res = await createViaApi(h);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  describe('every action × every role (table-driven)', () => {
    // One request suffices: the role check comes before any state or payload check.
    let id: string;
    const tokens = new Map<Role, string>();
    beforeAll(async () => {
      id = await newRequestId();
      // Unit-bound roles act for the request's street; intake is the request's creator.
      for (const role of ROLES) tokens.set(role, await bearer(role, role === 'handler' || role === 'convener' ? 'S-DHM' : undefined));
    });

    const actions = REQUEST_ACTIONS;
    const cases = actions.flatMap((action) =>
      ROLES.map((role) => ({ action, role, allowed: REQUEST_ACTION_SPECS[action].roles.includes(role) })),
    );

    test('the table covers every action and role', () => {
      expect(cases).toHaveLength(actions.length * ROLES.length);
      expect(cases.filter((c) => c.allowed).length).toBeGreaterThan(0);
    });

    test.each(cases)('$action as $role (allowed: $allowed)', async ({ action, role, allowed }) => {
      const spec = REQUEST_ACTION_SPECS[action];
      const res = await request(h.app)
        [methodOf(spec)](`/v1/requests/${id}/${spec.path}`)
        .set('authorization', tokens.get(role)!)
        .send({});
      if (!allowed) {
        expectError(res, 403, 'FORBIDDEN');
        expect(res.body.error.details).toEqual({ allowedRoles: [...spec.roles] });
      } else {
        // Past the role check: the empty body, the state or a rule decides (never 403, never 500).
        expect([200, 400, 409, 422]).toContain(res.status);
        if (res.status !== 200) expect(['INVALID_INPUT', 'INVALID_STATE', 'RULE_VIOLATION']).toContain(res.body.error.code);
      }
    });
  });

  describe('every error status from a real bad request, in the one error shape', () => {
    test('400: a bad body names each field; a bad query names the parameter', async () => {
      const body = await createViaApi(h, sampleRequest({ type: '抱怨', description: '' }));
      expectError(body, 400, 'INVALID_INPUT');
      expect(body.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['description', 'type']);

      const query = await request(h.app).get('/v1/requests?limit=0').set('authorization', await bearer('auditor'));
      expectError(query, 400, 'INVALID_INPUT');
      expect(query.body.error.details.map((d: { field: string }) => d.field)).toEqual(['limit']);

      const notJson = await request(h.app)
        .post('/v1/requests')
        .set('authorization', await bearer('intake'))
        .set('content-type', 'application/json')
        .send('{"categoryCode":');
      expectError(notJson, 400, 'INVALID_INPUT');
    });

    test('401: no token, a token signed with another secret, a malformed header', async () => {
      expectError(await request(h.app).get('/v1/requests'), 401, 'UNAUTHENTICATED');
      const foreign = await new TokenService('another-secret-that-is-also-long-enough!!').mint({ subject: 'x', role: 'auditor' });
      expectError(await request(h.app).get('/v1/requests').set('authorization', `Bearer ${foreign}`), 401, 'UNAUTHENTICATED');
      expectError(await request(h.app).get('/v1/requests').set('authorization', 'Basic dXNlcjpwYXNz'), 401, 'UNAUTHENTICATED');
      const anonymousPost = await request(h.app).post('/v1/requests').send(sampleRequest());
      expectError(anonymousPost, 401, 'UNAUTHENTICATED');
    });

    test('403: a wrong role', async () => {
      const res = await request(h.app).post('/v1/requests').set('authorization', await bearer('auditor')).send(sampleRequest());
      expectError(res, 403, 'FORBIDDEN');
    });

    test('404: an unknown id and an unknown route', async () => {
      const auditor = await bearer('auditor');
      expectError(await request(h.app).get('/v1/requests/REQ-20990101-DEADBEEF').set('authorization', auditor), 404, 'NOT_FOUND');
      expectError(
        await request(h.app).post('/v1/requests/REQ-20990101-DEADBEEF/sign').set('authorization', await bearer('handler', 'S-DHM')).send({}),
        404,
        'NOT_FOUND',
      );
      expectError(await request(h.app).get('/v1/no-such-thing').set('authorization', auditor), 404, 'NOT_FOUND');
    });

    test('409: an action in the wrong state names the state and the actions allowed now', async () => {
      const id = await newRequestId();
      const res = await request(h.app)
        .post(`/v1/requests/${id}/resolve`)
        .set('authorization', await bearer('handler', 'S-DHM'))
        .send({ statusNotes: '已处理' });
      expectError(res, 409, 'INVALID_STATE');
      expect(res.body.error.details.status).toBe('DISPATCHED');
      expect(res.body.error.details.allowedActions).toContain('sign');
    });

    test('422: a rule violation (a deadline override into the past)', async () => {
      const id = await newRequestId();
      const res = await request(h.app)
        .put(`/v1/requests/${id}/deadline`)
        .set('authorization', await bearer('supervisor'))
        .send({ deadline: '2020-01-01T00:00:00+08:00', reason: '误操作' });
      expectError(res, 422, 'RULE_VIOLATION');
    });

    test('413: a JSON body over 64 kB', async () => {
      const res = await createViaApi(h, sampleRequest({ description: '噪'.repeat(30_000) })); // ~90 kB of UTF-8
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    test('415: a body that is not JSON', async () => {
      const res = await request(h.app)
        .post('/v1/requests')
        .set('authorization', await bearer('intake'))
        .set('content-type', 'text/plain')
        .send('夜间施工噪音');
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('reads are scoped', () => {
    let since: string;
    let id: string;
    beforeAll(async () => {
      since = new Date(Date.now() - 1000).toISOString();
      id = await newRequestId(); // at S-DHM, created by intake-tester
    });

    const listIds = async (authorization: string, query = '') => {
      const res = await request(h.app)
        .get(`/v1/requests?limit=200&createdFrom=${encodeURIComponent(since)}${query}`)
        .set('authorization', authorization);
      expect(res.status).toBe(200);
      return res.body.items as { id: string; currentUnitCode: string }[];
    };

    test('a handler of another street gets 403 on the request and does not see it in the list', async () => {
      const other = await bearer('handler', 'S-JS');
      expectError(await request(h.app).get(`/v1/requests/${id}`).set('authorization', other), 403, 'FORBIDDEN');
      expectError(await request(h.app).get(`/v1/requests/${id}/timeline`).set('authorization', other), 403, 'FORBIDDEN');
      const seen = await listIds(other);
      expect(seen.map((r) => r.id)).not.toContain(id);
      const jsSubtree = ['S-JS', 'C-JSDJ', 'G-JSDJ-01'];
      for (const r of seen) expect(jsSubtree).toContain(r.currentUnitCode);
      expect(await listIds(other, '&unit=S-DHM')).toEqual([]);

      // The request's own street and the district above it do see it.
      expect((await listIds(await bearer('handler', 'S-DHM'))).map((r) => r.id)).toContain(id);
      expect((await request(h.app).get(`/v1/requests/${id}`).set('authorization', await bearer('handler', 'D-DC'))).status).toBe(200);
    });

    test('a community convener sees only requests in its community, not the street above', async () => {
      const convener = await bearer('convener', 'C-DFX');
      expectError(await request(h.app).get(`/v1/requests/${id}`).set('authorization', convener), 403, 'FORBIDDEN');
      const seen = await listIds(convener);
      expect(seen.map((r) => r.id)).not.toContain(id);
      for (const r of seen) expect(['C-DFX', 'G-DFX-01', 'G-DFX-02']).toContain(r.currentUnitCode);
    });

    test('an intake caller sees only what it created', async () => {
      const stranger = await bearer('intake', undefined, 'another-intake');
      expectError(await request(h.app).get(`/v1/requests/${id}`).set('authorization', stranger), 403, 'FORBIDDEN');
      expect((await listIds(stranger)).map((r) => r.id)).not.toContain(id);

      const creator = await bearer('intake');
      expect((await request(h.app).get(`/v1/requests/${id}`).set('authorization', creator)).status).toBe(200);
      expect((await listIds(creator)).map((r) => r.id)).toContain(id);
    });
  });

  test('cursor pagination: three requests over pages of two, no duplicates, none missing', async () => {
    const subject = `pager-${randomBytes(4).toString('hex')}`;
    const auth = await bearer('intake', undefined, subject);
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(h.app).post('/v1/requests').set('authorization', auth).send(sampleRequest({ description: `分页测试 ${i}` }));
      expect(res.status).toBe(201);
      created.push(res.body.id);
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await request(h.app).get(`/v1/requests?limit=2${query}`).set('authorization', auth);
      expect(res.status).toBe(200);
      const items = res.body.items as { id: string; receivedAt: string }[];
      pageSizes.push(items.length);
      seen.push(...items.map((r) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor && pageSizes.length < 5);
    expect(pageSizes).toEqual([2, 1]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...created].sort());
    // Newest first.
    expect(seen).toEqual([...created].reverse());

    // A cursor that names no request is not a server error.
    const stale = await request(h.app).get('/v1/requests?limit=2&cursor=REQ-20990101-DEADBEEF').set('authorization', auth);
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual({ items: [], nextCursor: null });
  });
});
