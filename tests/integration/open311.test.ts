import type { Express } from 'express';
import request from 'supertest';
import { REQUEST_TYPES } from '../../domain/requests/model';
import type { RequestView } from '../../workflows/requests/definitions';
import { startHarness, type Harness } from './harness';

/**
 * Open311 GeoReport v2 round trip through real HTTP onto the real Temporal server and PostgreSQL:
 * the app with an api_key configured; lifecycle actions go through the harness app (/v1).
 * Errors take the spec's shape `[{ code, description }]`.
 */
const API_KEY = 'k'.repeat(20);
const CLIENT = 'test-client';
const BASE = '/open311/v2';

const formFields = (overrides: Record<string, string> = {}) => ({
  api_key: API_KEY,
  service_code: 'NOISE',
  'attribute[type]': '投诉',
  'attribute[unit_code]': 'G-DFX-01',
  address_string: '多福巷12号',
  description: '夜间施工噪音扰民',
  first_name: '三',
  last_name: '张',
  phone: '13800000000',
  ...overrides,
});

describe('Open311 GeoReport v2 (JSON) on the real stack', () => {
  let h: Harness;
  let app: Express;
  beforeAll(async () => {
    h = await startHarness();
    app = h.appWith({ open311ApiKeys: new Map([[API_KEY, CLIENT]]) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const postForm = (fields: Record<string, string>) =>
    request(app)
      .post(`${BASE}/requests.json`)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(new URLSearchParams(fields).toString());

  /** The spec's error list: one `{ code, description }` per problem, code = the HTTP status. */
  const expectError = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body.length).toBeGreaterThan(0);
    for (const e of res.body) {
      expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      expect(e.code).toBe(status);
      expect(typeof e.description).toBe('string');
    }
  };
  /** The fields an error list names (`field: message` descriptions). */
  const fieldsOf = (res: request.Response) => [...new Set((res.body as { description: string }[]).map((e) => e.description.split(':')[0]))];

  let formId: string;

  test('GET services.json lists one realtime service per active category', async () => {
    const res = await request(app).get(`${BASE}/services.json`);
    expect(res.status).toBe(200);
    const active = await h.prisma.category.count({ where: { active: true } });
    expect(res.body).toHaveLength(active);
    const noise = res.body.find((s: { service_code: string }) => s.service_code === 'NOISE');
    expect(noise).toEqual({
      service_code: 'NOISE',
      service_name: '噪音扰民',
      description: '施工、商户、邻里噪音',
      metadata: true,
      type: 'realtime',
      keywords: '噪音扰民,施工,商户,邻里噪音',
      group: '接诉即办',
    });
  });

  test('GET services/{code}.json is the definition; an unknown code is a 404 in the project shape', async () => {
    const res = await request(app).get(`${BASE}/services/NOISE.json`);
    expect(res.status).toBe(200);
    expect(res.body.service_code).toBe('NOISE');
    const byCode = Object.fromEntries(res.body.attributes.map((a: { code: string }) => [a.code, a]));
    expect(byCode.type).toMatchObject({ datatype: 'singlevaluelist', required: true, variable: true });
    expect(byCode.type.values.map((v: { key: string }) => v.key)).toEqual([...REQUEST_TYPES]);
    expect(byCode.urgency).toMatchObject({ datatype: 'singlevaluelist', required: false });
    expect(byCode.urgency.values.map((v: { key: string }) => v.key)).toContain('GENERAL');
    expect(byCode.unit_code).toMatchObject({ datatype: 'string', required: true });
    expect(byCode.unit_code.datatype_description).toContain('GET /v1/units');
    // The consent a POST may carry, in the spec's attribute shape, with the keys the POST accepts.
    expect(byCode.publish_description).toEqual({
      variable: true,
      code: 'publish_description',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: expect.stringContaining('masked'),
      order: 4,
      description: expect.stringContaining('公开'),
      values: [
        { key: 'true', name: expect.any(String) },
        { key: 'false', name: expect.any(String) },
      ],
    });
    expect(res.body.attributes.map((a: { order: number }) => a.order)).toEqual([1, 2, 3, 4]);
    const notAKey = await postForm(formFields({ 'attribute[publish_description]': 'yes' }));
    expectError(notAKey, 400);
    expect(fieldsOf(notAKey)).toEqual(['attribute[publish_description]']);

    expectError(await request(app).get(`${BASE}/services/NOPE.json`), 404);
    expectError(await request(app).get(`${BASE}/nothing.json`), 404);
  });

  test('a form-encoded POST creates the request: row in PostgreSQL, workflow running', async () => {
    const res = await postForm(formFields());
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(1);
    const [created] = res.body;
    expect(created.service_request_id).toMatch(/^REQ-\d{8}-[0-9A-F]{8}$/);
    expect(created.account_id).toBeNull();
    expect(created.service_notice).toMatch(/^已受理，派至 东华门街道分中心，办结时限 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    formId = created.service_request_id;

    const row = await h.prisma.request.findUniqueOrThrow({ where: { id: formId } });
    expect(row).toMatchObject({
      categoryCode: 'NOISE',
      type: '投诉',
      urgency: 'GENERAL',
      channel: 'WEB',
      locationUnitCode: 'G-DFX-01',
      address: '多福巷12号',
      citizenName: '张三',
      citizenPhone: '13800000000',
      createdBy: `open311:${CLIENT}`,
      status: 'DISPATCHED',
      currentUnitCode: 'S-DHM',
    });
    const description = await h.client.workflow.getHandle(formId).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  test('a JSON POST works too (nested attribute, address_id, api_key in the query, Idempotency-Key)', async () => {
    const body = {
      service_code: 'ENV',
      // The citizen agreed to publish the description (masked); without it the record has none.
      attribute: { type: '求助', urgency: 'URGENT', publish_description: 'true' },
      address_id: 'G-NCZ-01',
      address_string: '南池子大街8号',
      description: '垃圾未清运，联系我 13912345678 或找李四',
      first_name: '四',
      last_name: '李',
      phone: '13912345678',
    };
    const key = `o311-json-${Date.now()}`;
    const first = await request(app).post(`${BASE}/requests.json?api_key=${API_KEY}`).set('idempotency-key', key).send(body);
    expect(first.status).toBe(201);
    const id = first.body[0].service_request_id as string;
    const again = await request(app).post(`${BASE}/requests.json?api_key=${API_KEY}`).set('idempotency-key', key).send(body);
    expect(again.status).toBe(200);
    expect(again.body[0].service_request_id).toBe(id);
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ categoryCode: 'ENV', type: '求助', urgency: 'URGENT', locationUnitCode: 'G-NCZ-01', citizenName: '李四' });
    expect(row.idempotencyKey).toBe(`client:open311:${CLIENT}:${key}`);
    const unkeyed = await request(app).post(`${BASE}/requests.json?api_key=${API_KEY}`).send(body);
    expect(unkeyed.status).toBe(201); // no key: another request
    expect(unkeyed.body[0].service_request_id).not.toBe(id);

    // The public record masks the phone and name the citizen wrote into the description.
    const read = await request(app).get(`${BASE}/requests/${id}.json`);
    expect(read.body[0].description).toBe('垃圾未清运，联系我 *** 或找***');
    expect(JSON.stringify(read.body)).not.toMatch(/13912345678|李四|南池子大街8号/);
  });

  test('a missing or unknown api_key is a 403, as the spec has it', async () => {
    const noKey: Record<string, string> = formFields();
    delete noKey.api_key;
    expectError(await postForm(noKey), 403);
    const unknown = await postForm(formFields({ api_key: 'x'.repeat(20) }));
    expectError(unknown, 403);
    expect(unknown.body).toEqual([{ code: 403, description: 'invalid api_key' }]);
    expect(await h.prisma.request.count({ where: { createdBy: { startsWith: 'open311:x' } } })).toBe(0);
  });

  test('bad input is a 400 naming the Open311 fields; unknown references a 422; other media types a 415', async () => {
    const bad = await postForm({ api_key: API_KEY, 'attribute[type]': '抱怨', 'attribute[urgency]': 'SOON' });
    expectError(bad, 400);
    expect(fieldsOf(bad).sort()).toEqual([
      'address_string',
      'attribute[type]',
      'attribute[unit_code]',
      'attribute[urgency]',
      'description',
      'first_name',
      'last_name',
      'phone',
      'service_code',
    ]);

    const conflicting = await postForm(formFields({ address_id: 'G-NCZ-01' }));
    expectError(conflicting, 400);
    expect(fieldsOf(conflicting)).toEqual(['address_id']);

    const unknown = await postForm(formFields({ service_code: 'NOPE', 'attribute[unit_code]': 'X-1' }));
    expectError(unknown, 422);
    expect(fieldsOf(unknown)).toEqual(['service_code', 'attribute[unit_code]']);
    // A department is not a place (属地): refused with the client's own field name.
    const department = await postForm(formFields({ 'attribute[unit_code]': 'DEP-WATER' }));
    expectError(department, 422);
    expect(fieldsOf(department)).toEqual(['attribute[unit_code]']);

    const text = await request(app).post(`${BASE}/requests.json`).set('content-type', 'text/plain').send('service_code=NOISE');
    expectError(text, 415);
    // Parser refusals are client errors too, never a 500.
    const form = (body: string) => request(app).post(`${BASE}/requests.json`).set('content-type', 'application/x-www-form-urlencoded').send(body);
    expectError(await form(Array.from({ length: 1100 }, (_, i) => `p${i}=1`).join('&')), 413);
    expectError(await form(`api_key=${API_KEY}&description=${'x'.repeat(70_000)}`), 413);
    expectError(await form(`a${'[x]'.repeat(40)}=1`), 400);
    const badJson = await request(app).post(`${BASE}/requests.json`).set('content-type', 'application/json').send('{"phone":"1380');
    expectError(badJson, 400);
    expect(badJson.body).toEqual([{ code: 400, description: 'request body is not valid JSON' }]);

    const badQuery = await request(app).get(`${BASE}/requests.json?start_date=2026-01-01&end_date=2026-06-30`);
    expectError(badQuery, 400);
    expect(fieldsOf(badQuery)).toEqual(['end_date']);
    const badStatus = await request(app).get(`${BASE}/requests.json?status=pending`);
    expectError(badStatus, 400);
    expect(fieldsOf(badStatus)).toEqual(['status']);
  });

  test('GET requests/{id}.json: open, handled by the street, expected_datetime = the workflow deadline, no personal data', async () => {
    const res = await request(app).get(`${BASE}/requests/${formId}.json`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const [record] = res.body;
    const live = await h.client.workflow.getHandle(formId).query<RequestView>('state');
    expect(record).toMatchObject({
      service_request_id: formId,
      status: 'open',
      status_notes: null,
      service_code: 'NOISE',
      service_name: '噪音扰民',
      description: null, // no consent to publish it at intake
      agency_responsible: '东华门街道分中心',
      address_id: 'S-DHM', // the location to the street
      huiying_status: 'DISPATCHED',
      huiying_status_label: '派单',
    });
    expect(record.service_notice).toMatch(/^派至 东华门街道分中心，办结时限 /);
    // Times to the day: the Beijing date of the workflow's deadline.
    const deadlineDay = new Date(Date.parse(live.deadlines.resolve!) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(record.expected_datetime).toBe(`${deadlineDay}T00:00:00+08:00`);
    for (const field of ['requested_datetime', 'updated_datetime']) expect(record[field]).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);
    const text = JSON.stringify(res.body);
    for (const secret of ['张三', '13800000000', '多福巷12号']) expect(text).not.toContain(secret);
    // The spec's record keys are all there; what a public record cannot or does not know is null.
    expect(record).toMatchObject({ address: null, lat: null, long: null, zipcode: null, media_url: null });

    expectError(await request(app).get(`${BASE}/requests/REQ-20990101-DEADBEEF.json`), 404);
  });

  test('GET requests.json: a service_request_id list overrides the other filters; filters by status and code', async () => {
    const second = await postForm(formFields({ description: '广场舞音响噪音' }));
    expect(second.status).toBe(201);
    const secondId = second.body[0].service_request_id as string;

    const byIds = await request(app).get(`${BASE}/requests.json?service_request_id=${formId},${secondId}&status=closed&service_code=ENV`);
    expect(byIds.status).toBe(200);
    expect(byIds.body.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([formId, secondId].sort());
    const text = JSON.stringify(byIds.body);
    for (const secret of ['张三', '13800000000', '多福巷12号']) expect(text).not.toContain(secret);

    const ids = async (query: string) =>
      ((await request(app).get(`${BASE}/requests.json${query}`)).body as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(await ids('')).toEqual(expect.arrayContaining([formId, secondId]));
    expect(await ids('?status=open&service_code=NOISE')).toEqual(expect.arrayContaining([formId, secondId]));
    expect(await ids('?status=closed')).not.toContain(formId);
    expect(await ids('?service_code=ENV')).not.toContain(formId);
    expect(await ids('?start_date=2020-01-01&end_date=2020-03-01')).toEqual([]);
  });

  test('driven to 归档 through the /v1 actions, the request is closed with the public reply the platform approved', async () => {
    const act = async (path: string, role: 'handler' | 'dispatcher' | 'intake', body: object) => {
      // The Open311 client is the request's creator: its intake subject may record the callback.
      const token = await h.token(role, role === 'handler' ? 'S-DHM' : undefined, role === 'intake' ? `open311:${CLIENT}` : undefined);
      const res = await request(h.app).post(`/v1/requests/${formId}/${path}`).set('authorization', `Bearer ${token}`).send(body);
      expect(res.status).toBe(200);
      return res.body as RequestView;
    };
    await act('sign', 'handler', {});
    await act('respond', 'handler', {});
    const resolved = await act('resolve', 'handler', { statusNotes: '已责令施工方夜间停工', serviceNotice: '22时后禁止施工' });
    expect(resolved.status).toBe('RESOLVED');

    // The handler's reply and notice were written to the citizen: not published.
    const afterResolve = (await request(app).get(`${BASE}/requests/${formId}.json`)).body[0];
    expect(afterResolve).toMatchObject({ status: 'closed', status_notes: null, service_notice: null, huiying_status: 'RESOLVED' });
    const published = await request(h.app)
      .put(`/v1/requests/${formId}/public-reply`)
      .set('authorization', `Bearer ${await h.token('dispatcher')}`)
      .send({ text: '已责令施工方夜间停工' });
    expect(published.status).toBe(200);

    expect((await act('review', 'dispatcher', { decision: 'PASS' })).status).toBe('CALLBACK');
    const rated = await act('callback', 'intake', { reached: true, resolved: true, satisfaction: '满意' });
    expect(rated.status).toBe('ARCHIVED');

    const res = await request(app).get(`${BASE}/requests/${formId}.json`);
    expect(res.body[0]).toMatchObject({
      service_request_id: formId,
      status: 'closed',
      status_notes: '已责令施工方夜间停工',
      huiying_status: 'ARCHIVED',
      huiying_status_label: '归档',
      agency_responsible: '东华门街道分中心',
    });
    const closedList = await request(app).get(`${BASE}/requests.json?status=closed&service_code=NOISE`);
    expect(closedList.body.map((r: { service_request_id: string }) => r.service_request_id)).toContain(formId);
  });
});
