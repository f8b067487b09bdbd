import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { consultationSteps } from './consultation-steps';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

/**
 * The access log (PIPL): every reply with personal data, every export and reveal, every admin
 * change leaves a row with who, what, when and where; auditors read it through GET /v1/audit/access.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

const as = async (role: Role, unit?: string, subject?: string) => `Bearer ${await h.token(role, unit, subject)}`;
const audit = async (query: Record<string, string>) =>
  request(h.app).get('/v1/audit/access').query(query).set('authorization', await as('auditor', undefined, 'auditor-log'));

interface Entry {
  subject: string;
  role: string;
  unitCode: string | null;
  action: string;
  endpoint: string;
  recordIds: string[];
  fields: string[];
  maskedFields: string[];
  purpose: string | null;
  change: unknown;
}

test('an intake read of another community’s item and a handler’s list appear with their record ids', async () => {
  const item = await request(h.app)
    .post('/v1/consultations')
    .set('authorization', await as('convener', 'C-NCZ', 'convener-log'))
    .send({ communityCode: 'C-NCZ', title: '垃圾分类驿站选址', description: '驿站放在哪条胡同', source: 'RESIDENT', track: 'DEEP', proposer: { residentId: 'R-LOG-1', name: '孙八', phone: '13900002222' } });
  expect(item.status).toBe(201);
  const read = await request(h.app).get(`/v1/consultations/${item.body.id}`).set('authorization', await as('intake', 'C-DFX', 'intake-log'));
  expect(read.body.proposer.phone).toBe('139****2222');

  const created = await createViaApi(h, sampleRequest({ citizen: { name: '周九', phone: '13811112222' } }));
  const id = created.body.id as string;
  await eventually(async () => (await h.prisma.request.findUnique({ where: { id } }))?.currentUnitCode, 30_000, 'dispatch');
  const list = await request(h.app).get('/v1/requests?limit=200').set('authorization', await as('handler', 'S-DHM', 'handler-log'));
  expect(list.status).toBe(200);
  // Every citizen phone in the list is masked (other tests' descriptions may hold other numbers).
  for (const item of list.body.items as { citizen: { phone: string | null } }[]) expect(item.citizen.phone ?? '').not.toMatch(/^1[3-9]\d{9}$/);

  const intakeRows = await audit({ subject: 'intake-log' });
  expect(intakeRows.status).toBe(200);
  expect(intakeRows.body.items).toEqual([
    expect.objectContaining<Partial<Entry>>({
      subject: 'intake-log',
      role: 'intake',
      unitCode: 'C-DFX',
      action: 'READ',
      endpoint: `GET /v1/consultations/${item.body.id}`,
      recordIds: [item.body.id],
      fields: [],
      maskedFields: ['proposer.name', 'proposer.phone'],
    }),
  ]);
  const handlerRows = await audit({ subject: 'handler-log', record: id });
  expect(handlerRows.body.items).toHaveLength(1);
  const entry: Entry = handlerRows.body.items[0];
  expect(entry).toMatchObject({ role: 'handler', unitCode: 'S-DHM', action: 'READ', endpoint: 'GET /v1/requests', maskedFields: ['citizen.phone'] });
  expect(entry.recordIds).toEqual(list.body.items.map((i: { id: string }) => i.id));
  expect(entry.fields).toEqual(['citizen.name', 'location.address', 'description']);

  // The reveal, with its purpose, and the overdue report as an export.
  const reveal = await request(h.app)
    .post(`/v1/requests/${id}/reveal`)
    .set('authorization', await as('handler', 'S-DHM', 'handler-log'))
    .send({ fields: ['citizen.phone'], purpose: '响应: 电话联系诉求人' });
  expect(reveal.status).toBe(200);
  await request(h.app).get('/v1/reports/overdue').set('authorization', await as('supervisor', undefined, 'supervisor-log'));
  const revealed = await audit({ subject: 'handler-log', action: 'REVEAL' });
  expect(revealed.body.items).toEqual([
    expect.objectContaining({ recordIds: [id], fields: ['citizen.phone'], purpose: '响应: 电话联系诉求人', endpoint: `POST /v1/requests/${id}/reveal` }),
  ]);
  const exported = await audit({ subject: 'supervisor-log' });
  expect(exported.body.items).toEqual([expect.objectContaining({ action: 'EXPORT', endpoint: 'GET /v1/reports/overdue' })]);
}, 60_000);

test('both archive exports (JSON and the printable document) leave an EXPORT row naming the item', async () => {
  const w = consultationSteps(() => h);
  // A 不议 decision closes the item at once, so it has its archive record without a meeting.
  const { id } = await w.create(w.cast(), { title: '邻里纠纷', description: '两户邻居因漏水产生纠纷' });
  expect((await w.convener(id, 'screen', { topicCode: 'LITIGATION', note: '已进入诉讼程序，依法由法院处理' })).status).toBe(200);
  await eventually(async () => (await h.prisma.consultationArchive.findUnique({ where: { itemId: id } })) !== null, 30_000, 'archive record');

  const exporter = await as('auditor', undefined, 'archive-export-log');
  const json = await request(h.app).get(`/v1/consultations/${id}/archive.json`).set('authorization', exporter);
  expect(json.status).toBe(200);
  const html = await request(h.app).get(`/v1/consultations/${id}/archive.html`).set('authorization', exporter);
  expect(html.status).toBe(200);
  expect(html.headers['content-type']).toMatch(/^text\/html/);

  const rows = await audit({ subject: 'archive-export-log' });
  expect(rows.status).toBe(200);
  const exported = (rows.body.items as Entry[]).map(({ role, action, endpoint, recordIds }) => ({ role, action, endpoint, recordIds }));
  expect(exported.sort((a, b) => a.endpoint.localeCompare(b.endpoint))).toEqual([
    { role: 'auditor', action: 'EXPORT', endpoint: `GET /v1/consultations/${id}/archive.html`, recordIds: [id] },
    { role: 'auditor', action: 'EXPORT', endpoint: `GET /v1/consultations/${id}/archive.json`, recordIds: [id] },
  ]);
}, 60_000);

test('an admin change appears with its actor and what it set', async () => {
  const before = new Date().toISOString();
  const put = await request(h.app)
    .put('/v1/units/G-NCZ-09')
    .set('authorization', await as('admin', undefined, 'admin-log'))
    .send({ name: '南池子第九网格', tier: 'GRID', parentCode: 'C-NCZ' });
  expect(put.status).toBe(201);
  const refused = await request(h.app).put('/v1/units/G-NCZ-10').set('authorization', await as('admin', undefined, 'admin-log')).send({ tier: 'GRID' });
  expect(refused.status).toBe(400);

  const rows = await audit({ subject: 'admin-log', from: before });
  expect(rows.body.items).toEqual([
    expect.objectContaining({
      role: 'admin',
      action: 'ADMIN_CHANGE',
      endpoint: 'PUT /v1/units/G-NCZ-09',
      recordIds: ['G-NCZ-09'],
      change: { name: '南池子第九网格', tier: 'GRID', parentCode: 'C-NCZ' },
    }),
  ]);
  const byRecord = await audit({ record: 'G-NCZ-09' });
  expect(byRecord.body.items.map((e: Entry) => e.subject)).toEqual(['admin-log']);
  const later = await audit({ subject: 'admin-log', from: new Date(Date.now() + 60_000).toISOString() });
  expect(later.body.items).toEqual([]);
});

test('the query is validated (400 naming the field) and for auditors only; the log is append-only', async () => {
  const bad = await audit({ from: 'yesterday', limit: '0' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'limit']);
  const order = await audit({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
  expect(order.status).toBe(400);
  expect(order.body.error.details[0].field).toBe('to');
  const cursor = await audit({ cursor: 'abc' });
  expect(cursor.body.error.details[0].field).toBe('cursor');

  for (const role of ['admin', 'handler', 'supervisor'] as const) {
    const res = await request(h.app).get('/v1/audit/access').set('authorization', await as(role, 'S-DHM'));
    expect(res.status).toBe(403);
  }
  expect((await request(h.app).get('/v1/audit/access')).status).toBe(401);

  const row = await h.prisma.accessLog.findFirstOrThrow();
  await expect(h.prisma.accessLog.update({ where: { id: row.id }, data: { subject: 'someone-else' } })).rejects.toThrow(/append-only/);
  await expect(h.prisma.accessLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
});
