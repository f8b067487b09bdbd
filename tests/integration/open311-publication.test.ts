import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

/**
 * Open311 public reads publish only what was written for publication: the approved public
 * reply, category, status, times to the day, location to the street, and a description only with
 * the citizen's consent given at intake.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

const BASE = '/open311/v2';
const as = async (role: Role, unit?: string) => `Bearer ${await h.token(role, unit)}`;
const NEIGHBOUR = '隔壁302的刘桂兰';

async function dispatched(body: Record<string, unknown>): Promise<string> {
  const res = await createViaApi(h, sampleRequest(body));
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await eventually(async () => (await h.prisma.request.findUnique({ where: { id } }))?.currentUnitCode === 'S-DHM', 30_000, 'dispatch');
  return id;
}

test('a handler’s note naming a neighbour is not in the public list; the approved public reply is', async () => {
  const id = await dispatched({ description: '楼上装修噪音' });
  const act = async (path: string, body: object) => {
    const res = await request(h.app).post(`/v1/requests/${id}/${path}`).set('authorization', await as('handler', 'S-DHM')).send(body);
    expect(res.status).toBe(200);
  };
  await act('sign', {});
  await act('respond', { note: `已电话联系，${NEIGHBOUR}也反映同样问题` });
  await act('progress', { note: `上门核实，${NEIGHBOUR}家中有病人需要休息` });
  await act('resolve', { statusNotes: `已协调装修方，并告知${NEIGHBOUR}`, serviceNotice: `${NEIGHBOUR}可直接联系物业` });

  const list = await request(h.app).get(`${BASE}/requests.json?service_request_id=${id}`);
  expect(list.status).toBe(200);
  expect(list.body).toHaveLength(1);
  expect(JSON.stringify(list.body)).not.toContain('刘桂兰');
  expect(JSON.stringify((await request(h.app).get(`${BASE}/requests.json`)).body)).not.toContain('刘桂兰');
  const [record] = list.body;
  expect(record).toMatchObject({ status: 'closed', status_notes: null, service_notice: null, description: null, service_code: 'NOISE', address_id: 'S-DHM' });
  for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(record[field]).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+08:00$/);

  const bad = await request(h.app).put(`/v1/requests/${id}/public-reply`).set('authorization', await as('dispatcher')).send({ text: '' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('text');
  const handler = await request(h.app).put(`/v1/requests/${id}/public-reply`).set('authorization', await as('handler', 'S-DHM')).send({ text: '已处理' });
  expect(handler.status).toBe(403);
  const missing = await request(h.app).put('/v1/requests/REQ-20990101-DEADBEEF/public-reply').set('authorization', await as('dispatcher')).send({ text: '已处理' });
  expect(missing.status).toBe(404);

  const ok = await request(h.app).put(`/v1/requests/${id}/public-reply`).set('authorization', await as('dispatcher')).send({ text: '已协调装修方调整施工时间' });
  expect(ok.status).toBe(200);
  const after = (await request(h.app).get(`${BASE}/requests/${id}.json`)).body[0];
  expect(after.status_notes).toBe('已协调装修方调整施工时间');
}, 60_000);

test('the description is published (masked) only with the consent given at intake', async () => {
  const withConsent = await dispatched({ description: '路灯不亮，张三 13800000000 反映', publishDescription: true });
  const without = await dispatched({ description: '路灯不亮，多福巷12号门口' });
  const read = async (id: string) => (await request(h.app).get(`${BASE}/requests/${id}.json`)).body[0];
  expect((await read(withConsent)).description).toBe('路灯不亮，*** *** 反映');
  expect((await read(without)).description).toBeNull();

  const bad = await createViaApi(h, sampleRequest({ publishDescription: 'yes' }));
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['publishDescription']);
}, 60_000);
