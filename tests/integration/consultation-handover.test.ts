import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import type { RequestView } from '../../workflows/requests/definitions';
import { eventually, startHarness, type Harness } from './harness';
import { consultationSteps } from './consultation-steps';

/**
 * 办 → 接诉即办 → 办: a unit task handed over as a request is signed and resolved by the unit it
 * went to, and the item then reaches 100 %. The task's category has long limits so that the
 * drill time scale does not breach and escalate the request while the test acts on it.
 */
describe('consultation hand-over: item → request → sign → resolve → item continues (200 000×)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 200_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const w = consultationSteps(() => h);
  const act = async (id: string, path: string, role: Role, unit: string | undefined, body: object, subject?: string) =>
    request(h.app).post(`/v1/requests/${id}/${path}`).set('authorization', `Bearer ${await h.token(role, unit, subject)}`).send(body);

  test('the street the task went to signs it at once, resolves it, and the item completes 办', async () => {
    const category = `TASK-${Date.now() % 1_000_000}`;
    const long = (clock: string) => ({ urgency: 'GENERAL', clock, amount: 300, unit: 'day' });
    const put = await w.call('put', `/v1/categories/${category}`, 'admin', undefined, {
      name: '议事协商落实任务',
      timeLimits: [long('SIGN'), long('RESPOND'), long('RESOLVE'), long('RETURN_WINDOW')],
    });
    expect(put.status).toBe(201);

    const c = w.cast();
    const id = await w.toImplementing(c);
    const dispatched = await w.convener(id, 'requests', {
      categoryCode: category,
      type: '求助',
      description: '施工围挡占用消防通道，请街道协调',
      location: { unitCode: 'G-DFX-01', address: '多福巷3号楼' },
      contact: { name: '社区居委会', phone: '010-65000000' },
    });
    expect(dispatched.status).toBe(200);
    const requestId = dispatched.body.linkedRequests[0].requestId as string;

    // The regression: the reply came before 属地派单, the row had no unit, the sign was a 403.
    expect(await h.prisma.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({
      status: 'DISPATCHED',
      currentUnitCode: 'S-DHM',
    });
    const signed = await act(requestId, 'sign', 'handler', 'S-DHM', {});
    expect(signed.status).toBe(200);
    expect((signed.body as RequestView).unit).toMatchObject({ code: 'S-DHM' });
    expect((await act(requestId, 'respond', 'handler', 'S-DHM', {})).status).toBe(200);
    // 100 % still waits for the open request
    const blocked = await w.convener(id, 'progress', { percent: 100, note: '完工' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details).toMatchObject({ rule: 'linkedRequestsOpen', open: [requestId] });
    const resolved = await act(requestId, 'resolve', 'handler', 'S-DHM', { statusNotes: '街道已协调施工方移走围挡' });
    expect(resolved.status).toBe(200);
    expect((await act(requestId, 'review', 'dispatcher', undefined, { decision: 'PASS' })).status).toBe(200);
    const detail = await w.call('get', `/v1/requests/${requestId}`, 'auditor');
    expect(detail.body.currentUnitCode).toBe('S-DHM');

    // The 回访 window closes at drill speed; the request is archived and the item learns of it.
    await eventually(async () => (await h.client.workflow.getHandle(requestId).describe()).status.name === 'COMPLETED', 60_000, 'request archived');
    const link = await eventually(async () => (await w.view(id)).linkedRequests.find((l) => l.closed), 30_000, 'link closed');
    expect(link).toMatchObject({ requestId, closedStatus: 'ARCHIVED' });
    const events = await h.prisma.requestEvent.findMany({ where: { requestId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['DISPATCHED', 'SIGNED', 'RESPONDED', 'RESOLVED', 'ARCHIVED']));
    expect(events.map((e) => e.type)).not.toContain('ESCALATED');

    // 办 continues: 100 % opens 评
    const done = await w.convener(id, 'progress', { percent: 100, note: '围挡已移走，消防通道畅通' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('EVALUATING');
    expect(await w.types(id)).toEqual(
      expect.arrayContaining(['REQUEST_DISPATCHED', 'LINKED_REQUEST_CLOSED', 'IMPLEMENTATION_COMPLETED', 'EVALUATION_OPENED']),
    );
  });
});
