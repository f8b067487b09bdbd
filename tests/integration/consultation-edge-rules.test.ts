import { eventually, startHarness, type Harness } from './harness';
import { COMMUNITY, consultationSteps } from './consultation-steps';

/** 八步议事法 edge rules: quorum, the second no-consensus, the 不议 reason, 督 in lists, 409 details. */
describe('consultation edge rules (200 000×)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 200_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const w = consultationSteps(() => h);

  test('a meeting without quorum is refused with present/required counts and is not a no-consensus', async () => {
    const c = w.cast();
    const { id } = await w.create(c);
    await w.screenAndFix(c, id);
    await w.scheduleAndWait(id);
    const noQuorum = await w.convener(id, 'meeting/record', {
      attendees: [c.ids.convener, c.ids.a, c.ids.b], // 3 of 7
      votes: { inFavour: [c.ids.convener, c.ids.a, c.ids.b] },
      proposal: '方案一',
      minutes: '到会不足半数',
    });
    expect(noQuorum.status).toBe(422);
    expect(noQuorum.body.error).toMatchObject({
      code: 'RULE_VIOLATION',
      details: { rule: 'quorum', present: 3, required: 4, participants: 7 },
    });
    const v = await w.view(id);
    expect(v).toMatchObject({ status: 'MEETING_SCHEDULED', noConsensusCount: 0 });
    expect(v.meetings).toHaveLength(0);
    expect(await w.types(id)).not.toContain('NO_CONSENSUS');
    // the same meeting, recorded once enough have signed in, forms the 协商意见
    const held = await w.convener(id, 'meeting/record', w.consensusVote(c));
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'DELIBERATED', noConsensusCount: 0 });
  });

  test('the second no-consensus closes and archives the item', async () => {
    const c = w.cast();
    const { id } = await w.create(c);
    await w.screenAndFix(c, id);
    const tie = {
      attendees: [c.ids.convener, c.ids.a, c.ids.b, c.ids.grid], // 4 of 7: quorum
      votes: { inFavour: [c.ids.convener, c.ids.a], against: [c.ids.b, c.ids.grid] }, // half: no majority
      proposal: '方案二',
      minutes: '赞成反对各半',
    };
    await w.scheduleAndWait(id);
    const first = await w.convener(id, 'meeting/record', tie);
    expect(first.body).toMatchObject({ status: 'SCREENED', step: '定', noConsensusCount: 1 });
    expect((await w.convener(id, 'participants', { participants: c.participants, form: 'ONLINE' })).body.status).toBe('AGENDA_SET');
    await w.scheduleAndWait(id);
    const second = await w.convener(id, 'meeting/record', tie);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'NO_CONSENSUS', outcome: 'NO_CONSENSUS', step: '备', noConsensusCount: 2 });
    await eventually(async () => (await h.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 20_000, 'completion');
    const archive = await w.call('get', `/v1/consultations/${id}/archive.json`, 'auditor');
    expect(archive.body.outcome).toBe('NO_CONSENSUS');
    expect(archive.body.content.meetings).toHaveLength(2);
    const types = await w.types(id);
    expect(types.filter((t) => t === 'NO_CONSENSUS')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['CLOSED_NO_CONSENSUS', 'ARCHIVED']);
    const closed = await h.prisma.consultationEvent.findFirstOrThrow({ where: { itemId: id, type: 'NO_CONSENSUS' } });
    expect(closed.data).toMatchObject({ returnsLeft: 0 });
  });

  test('a 不议 decision needs a reason (422 naming note); with one the item is closed with it', async () => {
    const { id } = await w.create(w.cast(), { title: '邻里纠纷', description: '两户邻居因漏水产生纠纷' });
    for (const body of [{ topicCode: 'LITIGATION' }, { topicCode: 'LITIGATION', note: '   ' }]) {
      const refused = await w.convener(id, 'screen', body);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'reasonRequired', field: 'note' } });
    }
    expect((await w.view(id)).status).toBe('COLLECTED');
    const closed = await w.convener(id, 'screen', { topicCode: 'LITIGATION', note: '已进入诉讼程序，依法由法院处理' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'REJECTED', outcome: 'NOT_FOR_CONSULTATION' });
    const event = await h.prisma.consultationEvent.findFirstOrThrow({ where: { itemId: id, type: 'NOT_FOR_CONSULTATION' } });
    expect(event.reason).toContain('已进入诉讼程序');
    // a topic that may be consulted needs no note
    const other = await w.create(w.cast());
    expect((await w.convener(other.id, 'screen', { topicCode: 'RENOVATION' })).body.status).toBe('SCREENED');
  });

  test('409 from POST …/requests reports the real allowedActions; ?step=督 lists items in 办', async () => {
    const c = w.cast();
    const { id: collected } = await w.create(c);
    const refused = await w.convener(collected, 'requests', {
      categoryCode: 'ENV',
      description: '任务',
      location: { unitCode: 'G-DFX-01', address: 'x' },
      contact: { name: '社区居委会', phone: '010-65000000' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ status: 'COLLECTED', allowedActions: ['screen'] });
    expect(await h.prisma.request.count({ where: { idempotencyKey: { startsWith: `consultation:${collected}:task:` } } })).toBe(0);

    const implementing = await w.toImplementing(w.cast());
    const list = async (query: string) =>
      ((await w.call('get', `/v1/consultations?community=${COMMUNITY}&limit=200&${query}`, 'auditor')).body.items as { id: string; step: string }[]).map(
        (i) => i.id,
      );
    const supervised = await list(`step=${encodeURIComponent('督')}`);
    expect(supervised).toContain(implementing);
    expect(supervised).not.toContain(collected);
    expect(await list(`step=${encodeURIComponent('办')}`)).toContain(implementing);
    expect(await list(`step=${encodeURIComponent('督')}&status=IMPLEMENTING`)).toContain(implementing);
    expect(await list(`step=${encodeURIComponent('督')}&status=COLLECTED`)).toEqual([]);
    expect(await list(`step=${encodeURIComponent('集')}`)).toContain(collected);
  });
});
