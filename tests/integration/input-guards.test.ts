import request from 'supertest';
import { createViaApi, sampleRequest, startHarness, type Harness } from './harness';

/**
 * Client input never reaches PostgreSQL as a 500: NUL characters anywhere (body, path, query)
 * are refused once for every route, date and month parameters are validated, and a method a
 * path does not serve is a 405 with Allow. Real app, Temporal server and PostgreSQL.
 */
describe('input guards', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const bearer = async (role: 'intake' | 'auditor') => `Bearer ${await h.token(role)}`;

  test('a NUL in a body field is a 400 naming the field, nested fields included', async () => {
    const top = await createViaApi(h, sampleRequest({ description: 'noise\u0000at night' }));
    expect(top.status).toBe(400);
    expect(top.body.error.code).toBe('INVALID_INPUT');
    expect(top.body.error.details).toEqual([expect.objectContaining({ field: 'description', in: 'body', code: 'nul_character' })]);

    const nested = await createViaApi(h, sampleRequest({ location: { unitCode: 'G-DFX-01', address: '多福巷\u000012号' } }));
    expect(nested.status).toBe(400);
    expect(nested.body.error.details[0]).toMatchObject({ field: 'location.address', in: 'body' });
    expect(await h.prisma.request.count({ where: { description: { contains: 'at night' } } })).toBe(0);
  });

  test('a NUL in the path or the query is a 400 too, on public and authenticated routes', async () => {
    const open311 = await request(h.app).get('/open311/v2/services/%00.json');
    expect(open311.status).toBe(400);
    expect(open311.body).toEqual([{ code: 400, description: expect.stringMatching(/^path: /) }]);

    const detail = await request(h.app).get('/v1/requests/REQ-%00').set('authorization', await bearer('auditor'));
    expect(detail.status).toBe(400);
    expect(detail.body.error.details[0]).toMatchObject({ field: 'path', in: 'path' });

    const query = await request(h.app).get('/v1/requests?category=NO%00ISE').set('authorization', await bearer('auditor'));
    expect(query.status).toBe(400);
    expect(query.body.error.details[0]).toMatchObject({ field: 'category', in: 'query' });
  });

  test('month and date parameters are validated; far-away instants filter instead of failing', async () => {
    const auditor = await bearer('auditor');
    const get = (path: string) => request(h.app).get(path).set('authorization', auditor);
    for (const month of ['0000-01', '2026-13', '2026-1', '12026-01']) {
      const res = await get(`/v1/metrics/rankings?month=${month}`);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].field).toBe('month');
    }
    expect((await get('/v1/metrics/rankings?month=2026-11')).status).toBe(200);

    const far = encodeURIComponent('0000-01-01T00:00:00Z');
    const later = encodeURIComponent('9999-12-31T23:59:59-14:00');
    expect((await get(`/v1/metrics/three-rates?from=${far}&to=${later}`)).status).toBe(200);
    expect((await get(`/v1/requests?createdFrom=${far}&deadlineTo=${later}`)).status).toBe(200);
    const backwards = await get(`/v1/metrics/closure-rate?from=${later}&to=${far}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].field).toBe('to');
    expect((await request(h.app).get('/open311/v2/requests.json?start_date=0000-01-01&end_date=0000-02-01')).status).toBe(200);
  });

  test('a method the path does not serve is a 405 with Allow; an unknown path stays a 404', async () => {
    const trace = await request(h.app).trace('/v1/units');
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    expect(trace.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allowedMethods: ['GET', 'HEAD'] } });

    const del = await request(h.app).delete('/healthz');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');

    const open311 = await request(h.app).delete('/open311/v2/requests.json');
    expect(open311.status).toBe(405);
    expect(open311.headers.allow).toBe('GET, HEAD, POST');
    expect(open311.body).toEqual([{ code: 405, description: expect.any(String) }]);

    expect((await request(h.app).get('/v1/nothing-here')).status).toBe(404);
  });
});
