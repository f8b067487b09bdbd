import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

/**
 * Personal fields by need (docs/pipl.md): each role gets the phone, name, address and description
 * only as far as its task needs them, and the full value through the recorded reveal.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

const PHONE = '13812340000';
const FULL_PHONE = /1[3-9]\d{9}/;
const as = async (role: Role, unit?: string, subject?: string) => `Bearer ${await h.token(role, unit, subject)}`;

async function dispatchedRequest(): Promise<string> {
  const res = await createViaApi(h, sampleRequest({ citizen: { name: '赵六', phone: PHONE }, description: '楼下餐馆油烟' }));
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await eventually(async () => (await h.prisma.request.findUnique({ where: { id } }))?.currentUnitCode, 30_000, 'dispatch');
  return id;
}

describe('requests', () => {
  let id: string;
  beforeAll(async () => {
    id = await dispatchedRequest();
  }, 60_000);

  test('intake (受理 and 回访) sees its own request in full', async () => {
    const res = await request(h.app).get(`/v1/requests/${id}`).set('authorization', await as('intake'));
    expect(res.status).toBe(200);
    expect(res.body.citizen).toEqual({ name: '赵六', phone: PHONE });
    expect(res.body.personalData).toEqual({ full: ['citizen.name', 'citizen.phone', 'location.address', 'description'], masked: [], withheld: [] });
  });

  test('a handler’s list carries no unmasked phone; name, address and description for the work', async () => {
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    const res = await request(h.app).get('/v1/requests?limit=200').set('authorization', await as('handler', row.currentUnitCode!));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    // Every citizen phone in the list is masked (descriptions may hold other numbers, e.g. of
    // other tests' requests in this shared database; only the phone field is personal data here).
    const phones = (res.body.items as { citizen: { phone: string | null } }[]).map((i) => i.citizen.phone);
    for (const phone of phones) expect(phone === null || !FULL_PHONE.test(phone)).toBe(true);
    expect(phones).toContain('138****0000');
    const mine = res.body.items.find((i: { id: string }) => i.id === id);
    expect(mine.citizen).toEqual({ name: '赵六', phone: '138****0000' });
    expect(mine.description).toBe('楼下餐馆油烟');
    expect(mine.location.address).toBe('多福巷12号');
    expect(mine.personalData.masked).toEqual(['citizen.phone']);
  });

  test('auditor and admin: masked name and phone, no address or description; supervisor gets the content only', async () => {
    for (const role of ['auditor', 'admin'] as const) {
      const res = await request(h.app).get(`/v1/requests/${id}`).set('authorization', await as(role));
      expect(res.status).toBe(200);
      expect(res.body.citizen).toEqual({ name: '赵*', phone: '138****0000' });
      expect(res.body.description).toBeNull();
      expect(res.body.location).toEqual({ unitCode: 'G-DFX-01', address: null });
      expect(res.body.personalData.withheld).toEqual(['location.address', 'description']);
    }
    const sup = await request(h.app).get(`/v1/requests/${id}`).set('authorization', await as('supervisor'));
    expect(sup.body.description).toBe('楼下餐馆油烟');
    expect(sup.body.location.address).toBeNull();
    expect(sup.body.citizen.phone).toBe('138****0000');
  });

  test('the overdue report is shaped the same way', async () => {
    await h.prisma.request.update({ where: { id }, data: { overdue: true } });
    const res = await request(h.app).get('/v1/reports/overdue').set('authorization', await as('dispatcher'));
    expect(res.status).toBe(200);
    const mine = res.body.items.find((i: { id: string }) => i.id === id);
    expect(mine.citizen.phone).toBe('138****0000');
    for (const item of res.body.items as { citizen: { phone: string | null } }[]) expect(item.citizen.phone === null || !FULL_PHONE.test(item.citizen.phone)).toBe(true);
  });

  test('reveal answers the full value to a role that may reveal; bad bodies are 400 naming the field; admin 403', async () => {
    const row = await h.prisma.request.findUniqueOrThrow({ where: { id } });
    const handler = await as('handler', row.currentUnitCode!);
    const ok = await request(h.app)
      .post(`/v1/requests/${id}/reveal`)
      .set('authorization', handler)
      .send({ fields: ['citizen.phone'], purpose: '响应: 电话联系诉求人' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id, values: { 'citizen.phone': PHONE }, purpose: '响应: 电话联系诉求人' });

    const bad = await request(h.app).post(`/v1/requests/${id}/reveal`).set('authorization', handler).send({ fields: ['citizen.idCard'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['fields.0', 'purpose']);

    const admin = await request(h.app)
      .post(`/v1/requests/${id}/reveal`)
      .set('authorization', await as('admin'))
      .send({ fields: ['citizen.phone'], purpose: '看看' });
    expect(admin.status).toBe(403);

    const outside = await request(h.app)
      .post(`/v1/requests/${id}/reveal`)
      .set('authorization', await as('handler', 'C-JSDJ'))
      .send({ fields: ['citizen.phone'], purpose: '响应: 电话联系诉求人' });
    expect(outside.status).toBe(403);
    const missing = await request(h.app)
      .post('/v1/requests/REQ-20990101-DEADBEEF/reveal')
      .set('authorization', handler)
      .send({ fields: ['citizen.phone'], purpose: '响应: 电话联系诉求人' });
    expect(missing.status).toBe(404);
  });
});

describe('consultation items', () => {
  let itemId: string;
  beforeAll(async () => {
    const res = await request(h.app)
      .post('/v1/consultations')
      .set('authorization', await as('convener', 'C-NCZ', 'convener-ncz'))
      .send({
        communityCode: 'C-NCZ',
        title: '南池子停车位',
        description: '胡同内停车位分配',
        source: 'RESIDENT',
        track: 'DEEP',
        proposer: { residentId: 'R-PIPL-1', name: '钱七', phone: '13900001111' },
      });
    expect(res.status).toBe(201);
    itemId = res.body.id;
  });

  test('an intake token of another community reads a masked phone; the community’s convener the full one', async () => {
    const other = await request(h.app).get(`/v1/consultations/${itemId}`).set('authorization', await as('intake', 'C-DFX', 'intake-dfx'));
    expect(other.status).toBe(200);
    expect(other.body.proposer).toEqual({ residentId: 'R-PIPL-1', name: '钱*', phone: '139****1111' });
    const list = await request(h.app).get('/v1/consultations?community=C-NCZ&limit=200').set('authorization', await as('intake', 'C-DFX', 'intake-dfx'));
    expect(JSON.stringify(list.body)).not.toContain('13900001111');

    const own = await request(h.app).get(`/v1/consultations/${itemId}`).set('authorization', await as('convener', 'C-NCZ', 'convener-ncz-2'));
    expect(own.body.proposer.phone).toBe('13900001111');
    expect(own.body.personalData.full).toEqual(['proposer.name', 'proposer.phone']);
  });

  test('reveal of the proposer’s phone', async () => {
    const res = await request(h.app)
      .post(`/v1/consultations/${itemId}/reveal`)
      .set('authorization', await as('intake', 'C-DFX', 'intake-dfx'))
      .send({ fields: ['proposer.phone'], purpose: '居民来电追问议题进度, 回拨' });
    expect(res.status).toBe(200);
    expect(res.body.values).toEqual({ 'proposer.phone': '13900001111' });
  });
});
