/**
 * Step helpers for consultation tests that drive an item through the API: calls as a role, the
 * 定/议/公/办 steps with a fresh cast of participants, and the item's timeline.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import type { ConsultationView } from '../../workflows/consultations/definitions';
import { eventually, type Harness } from './harness';

export const COMMUNITY = 'C-DFX';

export function consultationSteps(getH: () => Harness) {
  const call = async (method: 'get' | 'post' | 'put', path: string, role: Role, unit?: string, body?: unknown) => {
    const req = request(getH().app)[method](path).set('authorization', `Bearer ${await getH().token(role, unit)}`);
    return body === undefined ? req : req.send(body as object);
  };
  const convener = (id: string, path: string, body: unknown = {}) =>
    call('post', `/v1/consultations/${id}/${path}`, 'convener', COMMUNITY, body);
  const view = async (id: string) => getH().client.workflow.getHandle(id).query<ConsultationView>('consultationState');
  const types = async (id: string) =>
    (await getH().prisma.consultationEvent.findMany({ where: { itemId: id }, orderBy: { seq: 'asc' } })).map((e) => e.type);

  /** A fresh cast per test: 7 participants, so 4 present is a quorum and 3 is not. */
  function cast() {
    const tag = randomBytes(3).toString('hex');
    const ids = {
      convener: `SEC-${tag}`,
      a: `R-A-${tag}`,
      b: `R-B-${tag}`,
      c: `R-C-${tag}`,
      grid: `GW-${tag}`,
      property: `ORG-WY-${tag}`,
      neighbour: `R-N-${tag}`,
      proposer: `R-P-${tag}`,
    };
    const participants = [
      { id: ids.convener, category: 'CONVENER' },
      { id: ids.a, category: 'RESIDENT' },
      { id: ids.b, category: 'RESIDENT' },
      { id: ids.c, category: 'RESIDENT' },
      { id: ids.grid, category: 'GRID_WORKER' },
      { id: ids.property, category: 'PROPERTY_COMPANY', label: '多福物业' },
      { id: ids.neighbour, category: 'INTERESTED_PARTY' },
    ];
    return { ids, participants };
  }
  type Cast = ReturnType<typeof cast>;

  async function create(c: Cast, overrides: Record<string, unknown> = {}) {
    const res = await call('post', '/v1/consultations', 'intake', undefined, {
      communityCode: COMMUNITY,
      title: '3号楼加装电梯',
      description: '3号楼居民提出加装电梯，低层住户担心采光',
      source: 'RESIDENT',
      track: 'DEEP',
      proposer: { residentId: c.ids.proposer, name: '王五', phone: '13900000000' },
      ...overrides,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string };
  }

  async function screenAndFix(c: Cast, id: string) {
    expect((await convener(id, 'screen', { topicCode: 'RENOVATION', note: '属于五议' })).body.status).toBe('SCREENED');
    expect((await convener(id, 'participants', { participants: c.participants, form: 'MEETING' })).body.status).toBe('AGENDA_SET');
  }

  /** A meeting with the shortest legal notice, then waits until it may be recorded. */
  async function scheduleAndWait(id: string) {
    const meetingAt = new Date(Date.now() + (await view(id)).minimumNoticeMs + 300).toISOString();
    const res = await convener(id, 'meeting', { meetingAt, place: '社区议事厅' });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(meetingAt) - Date.now() + 50)));
  }

  const consensusVote = (c: Cast) => ({
    attendees: [c.ids.convener, c.ids.a, c.ids.b, c.ids.grid, c.ids.neighbour],
    votes: { inFavour: [c.ids.convener, c.ids.a, c.ids.b], against: [c.ids.grid], abstain: [c.ids.neighbour] },
    proposal: '同意加装电梯，由高层住户对低层住户给予适当补偿',
    minutes: '5人到会，3票赞成1票反对1票弃权。',
  });

  async function toImplementing(c: Cast) {
    const { id } = await create(c);
    await screenAndFix(c, id);
    await scheduleAndWait(id);
    expect((await convener(id, 'meeting/record', consensusVote(c))).body.status).toBe('DELIBERATED');
    expect((await convener(id, 'publish', {})).body.status).toBe('PUBLICIZING');
    await eventually(async () => (await view(id)).status === 'PUBLICIZED', 60_000, 'end of publicity');
    const res = await convener(id, 'assign', { owner: { label: '多福物业' } });
    expect(res.body.status).toBe('IMPLEMENTING');
    return id;
  }

  return { call, convener, view, types, cast, create, screenAndFix, scheduleAndWait, consensusVote, toImplementing };
}
