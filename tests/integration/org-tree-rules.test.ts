import request from 'supertest';
import { createViaApi, sampleRequest, startHarness, type Harness } from './harness';

/** The org tree keeps its tier ladder, and requests are located in 属地 units only. */
describe('org tree: tier ladder and 属地 locations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  const putUnit = async (code: string, body: object) =>
    request(h.app).put(`/v1/units/${code}`).set('authorization', `Bearer ${await h.token('admin')}`).send(body);
  const tag = () => `${Date.now() % 1_000_000}${Math.floor(Math.random() * 100)}`;

  test.each(['DEP-WATER', 'D-DC'])('a request located in %s (not 属地) is refused with 422 naming location.unitCode', async (unitCode) => {
    const before = await h.prisma.request.count();
    const res = await createViaApi(h, sampleRequest({ location: { unitCode, address: '某处' } }));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { rule: 'territorialUnit', field: 'location.unitCode', allowedTiers: ['GRID', 'COMMUNITY', 'STREET'] },
    });
    expect(await h.prisma.request.count()).toBe(before);
  });

  test.each([
    ['G-DFX-01', 'S-DHM'],
    ['C-NCZ', 'S-DHM'],
    ['S-JS', 'S-JS'],
  ])('a request located in %s is accepted and goes to %s', async (unitCode, street) => {
    const res = await createViaApi(h, sampleRequest({ location: { unitCode, address: '某处' } }));
    expect(res.status).toBe(201);
    expect(res.body.unit.code).toBe(street);
  });

  test('a hand-over from a consultation item to a department is refused the same way', async () => {
    const item = await request(h.app)
      .post('/v1/consultations')
      .set('authorization', `Bearer ${await h.token('intake')}`)
      .send({ communityCode: 'C-DFX', title: '楼道堆物', description: '楼道堆物清理', source: 'COMMUNITY', proposer: { name: '王五', phone: '13900000000' } });
    expect(item.status).toBe(201);
    const res = await request(h.app)
      .post(`/v1/consultations/${item.body.id}/screen`)
      .set('authorization', `Bearer ${await h.token('convener', 'C-DFX')}`)
      .send({ topicCode: 'LITIGATION', note: '转12345', routeToRequest: { categoryCode: 'ENV', location: { unitCode: 'DEP-CITY', address: 'x' } } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ rule: 'territorialUnit', field: 'routeToRequest.location.unitCode' });
  });

  test('the ladder: grid under community under street under district, departments under the district', async () => {
    const t = tag();
    expect((await putUnit(`S-T${t}`, { name: '新街道', tier: 'STREET', parentCode: 'D-DC' })).status).toBe(201);
    expect((await putUnit(`C-T${t}`, { name: '新社区', tier: 'COMMUNITY', parentCode: `S-T${t}` })).status).toBe(201);
    expect((await putUnit(`G-T${t}`, { name: '新网格', tier: 'GRID', parentCode: `C-T${t}` })).status).toBe(201);
    expect((await putUnit(`DEP-T${t}`, { name: '新部门', tier: 'DEPARTMENT', parentCode: 'D-DC' })).status).toBe(201);
    expect((await putUnit(`D-T${t}`, { name: '新区', tier: 'DISTRICT', parentCode: null })).status).toBe(201);
    // renaming keeps the place in the ladder
    expect((await putUnit(`G-T${t}`, { name: '新网格(改名)', tier: 'GRID', parentCode: `C-T${t}` })).status).toBe(200);
  });

  test.each([
    ['DISTRICT', 'G-DFX-01', null],
    ['GRID', 'S-DHM', 'COMMUNITY'],
    ['COMMUNITY', 'C-DFX', 'STREET'],
    ['STREET', 'S-JS', 'DISTRICT'],
    ['DEPARTMENT', 'S-DHM', 'DISTRICT'],
    ['GRID', null, 'COMMUNITY'],
  ])('a %s under %s is refused with 422 naming parentCode', async (tier, parentCode, requiredParentTier) => {
    const code = `X-${tier}-${tag()}`;
    const res = await putUnit(code, { name: '错层单位', tier, parentCode });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { rule: 'tierLadder', field: 'parentCode', tier, requiredParentTier },
    });
    expect(await h.prisma.unit.findUnique({ where: { code } })).toBeNull();
  });

  test('changing a tier that would strand the units below it is refused with 422 naming tier', async () => {
    // C-DFX has grids below it: it cannot become a street (grids belong under a community).
    const res = await putUnit('C-DFX', { name: '多福巷社区工作站', tier: 'STREET', parentCode: 'D-DC' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toMatchObject({ rule: 'tierLadder', field: 'tier', tier: 'STREET' });
    expect(res.body.error.details.children).toEqual(
      expect.arrayContaining([{ code: 'G-DFX-01', tier: 'GRID', requiredParentTier: 'COMMUNITY' }]),
    );
    expect(await h.prisma.unit.findUniqueOrThrow({ where: { code: 'C-DFX' } })).toMatchObject({ tier: 'COMMUNITY', parentCode: 'S-DHM' });
  });

  test('the regression: a district placed under a grid no longer sends requests to the grid', async () => {
    const res = await putUnit('D-DC', { name: '东城区指挥中心', tier: 'DISTRICT', parentCode: 'G-JSDJ-01' });
    expect(res.status).toBe(422);
    const created = await createViaApi(h, sampleRequest({ location: { unitCode: 'G-JSDJ-01', address: '景山东街1号' } }));
    expect(created.body.unit.code).toBe('S-JS');
  });
});
