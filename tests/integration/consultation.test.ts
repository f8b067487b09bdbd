import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Worker } from '@temporalio/worker';
import { createConsultationActivities } from '../../activities/consultations/activities';
import { LogChannel } from '../../activities/shared/channels/log-channel';
import type { Role } from '../../api/auth/roles';
import { logger } from '../../infra/logger';
import type { ConsultationArchiveRecord, ConsultationView } from '../../workflows/consultations/definitions';
import { expiryAt } from '../../domain/consultations/rules';
import { createViaApi, eventually, startHarness, type Harness } from './harness';

/**
 * 社区议事协商 over real HTTP onto the real workflow, Temporal dev server and PostgreSQL. Time is
 * compressed (timeScale): at 100 000, 3 days last 2.6 s and 7 days about 6–7 s.
 */

type Json = Record<string, unknown>;
const COMMUNITY = 'C-DFX';

function wiring(getH: () => Harness) {
  // An action that meets a running timer step waits for it inside the workflow: no retries here.
  const call = async (method: 'get' | 'post' | 'put', path: string, role: Role, unit?: string, body?: unknown) => {
    const h = getH();
    const req = request(h.app)[method](path).set('authorization', `Bearer ${await h.token(role, unit)}`);
    return body === undefined ? req : req.send(body as object);
  };
  const convener = (id: string, path: string, body: unknown = {}) => call('post', `/v1/consultations/${id}/${path}`, 'convener', COMMUNITY, body);
  const view = async (id: string) => (await getH().client.workflow.getHandle(id).query<ConsultationView>('consultationState'));
  const types = async (id: string) =>
    (await getH().prisma.consultationEvent.findMany({ where: { itemId: id }, orderBy: { seq: 'asc' } })).map((e) => e.type);

  /** A fresh cast for each test so points balances do not mix. */
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

  async function create(c: Cast, overrides: Json = {}) {
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
    created.push(res.body.id);
    return res.body as { id: string; status: string; takeUpDeadline: string; expiresAt: string };
  }
  const created: string[] = [];

  /** Every history this file produced replays against the current workflow code (determinism). */
  async function replayAll() {
    const h = getH();
    expect(created.length).toBeGreaterThan(0);
    for (const id of created) {
      const history = await h.client.workflow.getHandle(id).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: { codePath: process.env.HUIYING_TEST_BUNDLE! }, dataConverter: h.dataConverter }, history, id);
    }
    return created.length;
  }

  /** 定: screened for consultation (RENOVATION needs an interested party) and participants fixed. */
  async function screenAndFix(c: Cast, id: string) {
    const screened = await convener(id, 'screen', { topicCode: 'RENOVATION', note: '属于五议: 老旧小区改造' });
    expect(screened.status).toBe(200);
    expect(screened.body.status).toBe('SCREENED');
    const fixed = await convener(id, 'participants', { participants: c.participants, form: 'BENCH' });
    expect(fixed.status).toBe(200);
    expect(fixed.body.status).toBe('AGENDA_SET');
  }

  /** A meeting with the shortest legal notice, then waits until it may be recorded. */
  async function scheduleAndWait(id: string) {
    const meetingAt = new Date(Date.now() + (await view(id)).minimumNoticeMs + 300).toISOString();
    const res = await convener(id, 'meeting', { meetingAt, place: '社区议事厅', agenda: '加装电梯方案' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('MEETING_SCHEDULED');
    const wait = Date.parse(meetingAt) - Date.now() + 50;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return meetingAt;
  }

  const consensusVote = (c: Cast) => ({
    attendees: [c.ids.convener, c.ids.a, c.ids.b, c.ids.grid, c.ids.neighbour],
    opinions: [
      { participantId: c.ids.a, text: '支持加装' },
      { participantId: c.ids.neighbour, text: '低层采光需补偿' },
    ],
    votes: { inFavour: [c.ids.convener, c.ids.a, c.ids.b], against: [c.ids.grid], abstain: [c.ids.neighbour] },
    proposal: '同意加装电梯，由高层住户对低层住户给予适当补偿',
    minutes: '会议由社区书记主持，5人到会，3票赞成1票反对1票弃权。',
  });

  async function deliberate(c: Cast, id: string) {
    await scheduleAndWait(id);
    const res = await convener(id, 'meeting/record', consensusVote(c));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('DELIBERATED');
  }

  /** 公 through to the end of the window (no objections). */
  async function publicise(id: string) {
    const res = await convener(id, 'publish', { channels: ['BOARD', 'WECHAT'] });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('PUBLICIZING');
    await eventually(async () => (await view(id)).status === 'PUBLICIZED', 60_000, 'end of publicity');
  }

  async function toImplementing(c: Cast, assign: Json = {}) {
    const { id } = await create(c);
    await screenAndFix(c, id);
    await deliberate(c, id);
    await publicise(id);
    const res = await convener(id, 'assign', { owner: { label: '多福物业' }, ...assign });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('IMPLEMENTING');
    return { id, view: res.body as ConsultationView };
  }

  const balance = async (residentId: string) =>
    (await call('get', `/v1/points/${residentId}`, 'auditor')).body as { balance: number; entries: { id: number; event: string; points: number; itemId: string }[] };

  return { call, convener, view, types, cast, create, replayAll, screenAndFix, scheduleAndWait, consensusVote, deliberate, publicise, toImplementing, balance };
}

describe('consultation: 集 → 备 at compressed time (100 000×)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 100_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const w = wiring(() => h);

  test('every step from collection to an immutable archive, with points', async () => {
    const c = w.cast();
    // 集
    const created = await w.create(c);
    expect(created.status).toBe('COLLECTED');
    expect(created.id).toMatch(/^CON-\d{8}-[0-9A-F]{8}$/);
    expect(Date.parse(created.takeUpDeadline)).toBeGreaterThan(Date.now());
    const row = await h.prisma.consultationItem.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ status: 'COLLECTED', step: '集', communityCode: COMMUNITY, proposerName: '王五' });
    const id = created.id;

    // 定: the topic is checked against the catalogue; "1+8+N" is checked
    const unknownTopic = await w.convener(id, 'screen', { topicCode: 'NO_SUCH_TOPIC' });
    expect(unknownTopic.status).toBe(422);
    expect(unknownTopic.body.error.details.rule).toBe('unknownTopic');
    expect((await w.convener(id, 'screen', { topicCode: 'RENOVATION' })).body.status).toBe('SCREENED');
    const noNeighbour = await w.convener(id, 'participants', {
      participants: c.participants.filter((p) => p.category !== 'INTERESTED_PARTY'),
      form: 'MEETING',
    });
    expect(noNeighbour.status).toBe(422);
    expect(noNeighbour.body.error.details.rule).toBe('requiredCategory');
    const noConvener = await w.convener(id, 'participants', {
      participants: c.participants.filter((p) => p.category !== 'CONVENER'),
      form: 'MEETING',
    });
    expect(noConvener.status).toBe(422);
    expect(noConvener.body.error.details.rule).toBe('convener');
    const fixed = await w.convener(id, 'participants', { participants: c.participants, form: 'MEETING' });
    expect(fixed.body).toMatchObject({ status: 'AGENDA_SET', step: '定', form: 'MEETING' });

    // 3-day notice: a meeting 2 days after the notice (compressed) is refused, 3 days is accepted
    const twoDays = new Date(Date.now() + (2 * 86_400_000) / 100_000).toISOString();
    const tooSoon = await w.convener(id, 'meeting', { meetingAt: twoDays });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.error.details.rule).toBe('noticePeriod');
    const minimumNoticeMs = (await w.view(id)).minimumNoticeMs;
    expect(minimumNoticeMs).toBe((72 * 3600_000) / 100_000);
    const meetingAt = new Date(Date.now() + minimumNoticeMs + 300).toISOString();
    const scheduled = await w.convener(id, 'meeting', { meetingAt, place: '社区议事厅' });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.status).toBe('MEETING_SCHEDULED');
    expect(Date.parse(meetingAt) - Date.parse(scheduled.body.notices[0].noticeAt)).toBeGreaterThanOrEqual((72 * 3600_000) / 100_000);
    const notices = await h.prisma.notification.findMany({ where: { requestId: id, kind: 'MEETING_NOTICE' } });
    expect(notices).toHaveLength(c.participants.length);
    expect(new Set(notices.map((n) => (n.data as Json).participantId))).toEqual(new Set(c.participants.map((p) => p.id)));

    // 议: not before the meeting; then quorum and majority
    const early = await w.convener(id, 'meeting/record', w.consensusVote(c));
    expect(early.status).toBe(422);
    expect(early.body.error.details.rule).toBe('meetingNotHeldYet');
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(meetingAt) - Date.now() + 50)));
    const badRecord = await w.convener(id, 'meeting/record', { ...w.consensusVote(c), votes: { inFavour: [c.ids.c] } });
    expect(badRecord.status).toBe(422);
    expect(badRecord.body.error.details.rule).toBe('voterAbsent');
    const deliberated = await w.convener(id, 'meeting/record', w.consensusVote(c));
    expect(deliberated.status).toBe(200);
    expect(deliberated.body.status).toBe('DELIBERATED');
    expect(deliberated.body.meetings[0].tally).toMatchObject({ participants: 7, present: 5, quorum: true, inFavour: 3, majority: true });
    expect(await w.types(id)).toContain('MEETING_REMINDER');

    // 公: at least 7 days; an objection during the window, decided as not substantive
    const published = await w.convener(id, 'publish', {});
    expect(published.body.status).toBe('PUBLICIZING');
    const endsAt = published.body.publicity[0].endsAt as string;
    expect(Date.parse(endsAt) - Date.parse(published.body.publicity[0].startedAt)).toBeGreaterThanOrEqual((7 * 86_400_000) / 100_000);
    const objection = await w.call('post', `/v1/consultations/${id}/objections`, 'intake', undefined, {
      residentId: c.ids.c,
      text: '补偿标准不明确',
    });
    expect(objection.status).toBe(200);
    expect(objection.body.publicity[0].objections).toHaveLength(1);
    const decided = await w.convener(id, 'objections/decision', { objectionNo: 1, substantive: false, reason: '补偿标准另行协商，不影响方案' });
    expect(decided.body.status).toBe('PUBLICIZING');
    expect((await w.convener(id, 'objections/decision', { objectionNo: 1, substantive: false, reason: 'x' })).body.error.details.rule).toBe(
      'objectionDecided',
    );
    // Still publicising while the window runs; it leaves publicity only when the timer fires.
    expect(Date.now()).toBeLessThan(Date.parse(endsAt));
    expect((await w.view(id)).status).toBe('PUBLICIZING');
    await eventually(async () => (await w.view(id)).status === 'PUBLICIZED', 60_000, 'publicity timer');
    const closed = await h.prisma.consultationEvent.findFirstOrThrow({ where: { itemId: id, type: 'PUBLICITY_WINDOW_CLOSED' } });
    expect(closed.at.getTime()).toBeGreaterThanOrEqual(Date.parse(endsAt));
    const lateObjection = await w.call('post', `/v1/consultations/${id}/objections`, 'intake', undefined, { text: '迟到的异议' });
    expect(lateObjection.status).toBe(409);

    // 办: owner and the default 30-day deadline with 50/75/100 % checkpoints
    const assigned = await w.convener(id, 'assign', { owner: { label: '多福物业' }, volunteers: [c.ids.a] });
    expect(assigned.status).toBe(200);
    const impl = assigned.body.implementation;
    expect(assigned.body.status).toBe('IMPLEMENTING');
    expect(impl.owner).toEqual({ label: '多福物业', unitCode: COMMUNITY });
    const span = Date.parse(impl.deadline) - Date.parse(impl.assignedAt);
    expect(span).toBeGreaterThanOrEqual((30 * 86_400_000) / 100_000);
    expect(span).toBeLessThan((34 * 86_400_000) / 100_000);
    expect(Date.parse(impl.schedule.half)).toBeLessThan(Date.parse(impl.schedule.threeQuarters));
    expect(Date.parse(impl.schedule.threeQuarters)).toBeLessThan(Date.parse(impl.deadline));

    // 督: dated checkpoints with a percentage, visible through the API
    const p1 = await w.call('post', `/v1/consultations/${id}/progress`, 'handler', 'G-DFX-01', {
      percent: 40,
      note: '施工队进场',
      date: '2026-12-01',
      evidence: ['https://example.org/photo1.jpg'],
    });
    expect(p1.status).toBe(200);
    expect(p1.body.progressPercent).toBe(40);
    const progress = await w.call('get', `/v1/consultations/${id}/progress`, 'auditor');
    expect(progress.body.items).toEqual([
      expect.objectContaining({ date: '2026-12-01', percent: 40, note: '施工队进场', evidence: ['https://example.org/photo1.jpg'] }),
    ]);
    expect(progress.body.progressPercent).toBe(40);
    const done = await w.convener(id, 'progress', { percent: 100, note: '电梯通过验收投入使用' });
    expect(done.body.status).toBe('EVALUATING');

    // 评: residents and participants rate within 7 days; 2 of 3 satisfied passes
    const rate = (raterId: string, raterKind: string, satisfaction: string) =>
      w.call('post', `/v1/consultations/${id}/evaluations`, 'intake', undefined, { raterId, raterKind, satisfaction });
    expect((await rate(c.ids.a, 'PARTICIPANT', '满意')).status).toBe(200);
    expect((await rate(c.ids.proposer, 'RESIDENT', '基本满意')).status).toBe(200);
    expect((await rate(c.ids.neighbour, 'PARTICIPANT', '不满意')).status).toBe(200);
    expect((await rate(c.ids.a, 'PARTICIPANT', '满意')).body.error.details.rule).toBe('alreadyRated');
    expect((await rate('R-STRANGER', 'PARTICIPANT', '满意')).body.error.details.rule).toBe('notParticipant');

    // 备: archived when the evaluation window closes
    await eventually(async () => (await h.prisma.consultationItem.findUniqueOrThrow({ where: { id } })).status === 'ARCHIVED', 60_000, 'archive');
    const handle = h.client.workflow.getHandle(id);
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', 20_000, 'workflow completion');
    expect(await w.types(id)).toEqual(
      expect.arrayContaining([
        'COLLECTED', 'SCREENED', 'PARTICIPANTS_SET', 'MEETING_NOTICE', 'MEETING_REMINDER', 'DELIBERATED', 'PUBLICITY_STARTED',
        'OBJECTION', 'OBJECTION_DECIDED', 'PUBLICITY_WINDOW_CLOSED', 'PUBLICITY_COMPLETED', 'ASSIGNED', 'PROGRESS',
        'IMPLEMENTATION_COMPLETED', 'EVALUATION_OPENED', 'RATED', 'EVALUATION_PASSED', 'ARCHIVED',
      ]),
    );

    const exported = await w.call('get', `/v1/consultations/${id}/archive.json`, 'auditor');
    expect(exported.status).toBe(200);
    const content = exported.body.content as ConsultationArchiveRecord & { topic: { title: string } };
    expect(exported.body.outcome).toBe('COMPLETED');
    expect(content.topic.title).toBe('3号楼加装电梯');
    expect(content.screening).toMatchObject({ forConsultation: true, topic: { code: 'RENOVATION', allowed: true } });
    expect(content.participants).toHaveLength(7);
    expect(content.notices).toHaveLength(1);
    expect(content.meetings[0]).toMatchObject({ minutes: expect.stringContaining('5人到会'), votes: { inFavour: expect.any(Array) } });
    expect(content.meetings[0].opinions).toHaveLength(2);
    expect(content.publicity[0].objections[0]).toMatchObject({ text: '补偿标准不明确', decision: { substantive: false } });
    expect(content.implementation[0]).toMatchObject({ owner: { label: '多福物业' }, completedAt: expect.any(String) });
    expect(content.progress.map((p) => p.percent)).toEqual([40, 100]);
    expect(content.progress[0].evidence).toEqual(['https://example.org/photo1.jpg']);
    expect(content.evaluations[0].tally).toEqual({ ratings: 3, satisfied: 2, dissatisfied: 1, passed: true });

    const html = await w.call('get', `/v1/consultations/${id}/archive.html`, 'convener', COMMUNITY);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    for (const heading of ['社区议事协商档案', '审核定题', '会议纪要与表决', '结果公示与异议', '办理与督办', '评议', exported.body.contentHash]) {
      expect(html.text).toContain(heading);
    }

    // The record is written once: a different second write fails, the same one is a no-op, and
    // the database refuses UPDATE and DELETE.
    const stored = await h.prisma.consultationArchive.findUniqueOrThrow({ where: { itemId: id } });
    const acts = createConsultationActivities(h.prisma, new LogChannel(logger));
    const { topic: _topic, ...record } = content;
    void _topic;
    await expect(acts.writeConsultationArchive(record)).resolves.toEqual({ result: 'unchanged', contentHash: stored.contentHash });
    await expect(acts.writeConsultationArchive({ ...record, resolution: '篡改后的协商意见' })).rejects.toMatchObject({
      type: 'ArchiveImmutable',
    });
    await expect(h.prisma.$executeRawUnsafe(`UPDATE "ConsultationArchive" SET "outcome" = 'X' WHERE "itemId" = '${id}'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(h.prisma.$executeRawUnsafe(`DELETE FROM "ConsultationArchive" WHERE "itemId" = '${id}'`)).rejects.toThrow(/append-only/);
    const after = await h.prisma.consultationArchive.findUniqueOrThrow({ where: { itemId: id } });
    expect(after).toEqual(stored);
    expect((await w.call('get', `/v1/consultations/${id}/archive.json`, 'auditor')).body).toEqual(exported.body);

    // 治理积分: topic, attendance, votes, volunteering, evaluation
    expect((await w.balance(c.ids.proposer)).balance).toBe(5 + 1); // SUBMIT_TOPIC + EVALUATE (as a resident)
    const a = await w.balance(c.ids.a);
    expect(a.entries.map((e) => e.event).sort()).toEqual(['ATTEND', 'EVALUATE', 'VOLUNTEER', 'VOTE']);
    expect(a.balance).toBe(3 + 2 + 5 + 1);
    expect((await w.balance(c.ids.neighbour)).balance).toBe(3 + 2 + 1); // interested party: resident
    expect((await w.balance(c.ids.grid)).balance).toBe(0); // staff earn no resident points
    expect((await w.balance(c.ids.c)).balance).toBe(0); // objected, did not attend

    // Read endpoints
    const detail = await w.call('get', `/v1/consultations/${id}`, 'auditor');
    expect(detail.body).toMatchObject({ id, status: 'ARCHIVED', step: '备', outcome: 'COMPLETED' });
    expect(detail.body.live.archived).toBe(true);
    const timeline = await w.call('get', `/v1/consultations/${id}/timeline`, 'auditor');
    expect(timeline.body.items[0]).toMatchObject({ seq: 1, type: 'COLLECTED' });
    const listed = await w.call('get', `/v1/consultations?status=ARCHIVED&community=${COMMUNITY}&track=DEEP`, 'auditor');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const afterClose = await w.convener(id, 'progress', { percent: 10, note: 'x' });
    expect(afterClose.status).toBe(409);
  });

  test('roles, scope, payloads and states', async () => {
    const c = w.cast();
    const { id } = await w.create(c);
    // another community's convener can neither act nor see; an auditor reads but cannot act
    const other = await w.call('post', `/v1/consultations/${id}/screen`, 'convener', 'C-NCZ', { topicCode: 'ENVIRONMENT' });
    expect(other.status).toBe(403);
    expect((await w.call('get', `/v1/consultations/${id}`, 'convener', 'C-NCZ')).status).toBe(403);
    expect((await w.call('post', `/v1/consultations/${id}/screen`, 'auditor', undefined, { topicCode: 'ENVIRONMENT' })).status).toBe(403);
    expect((await w.call('get', `/v1/consultations/${id}`, 'auditor')).status).toBe(200);
    // a grid worker of the community sees it; one of another community does not
    expect((await w.call('get', `/v1/consultations/${id}`, 'handler', 'G-DFX-02')).status).toBe(200);
    expect((await w.call('get', `/v1/consultations/${id}`, 'handler', 'G-NCZ-01')).status).toBe(403);
    const ownList = await w.call('get', '/v1/consultations', 'convener', 'C-NCZ');
    expect(ownList.body.items.every((i: { communityCode: string }) => i.communityCode === 'C-NCZ')).toBe(true);
    // wrong state: 409 with what is allowed now; bad payload: 400 naming the field
    const wrong = await w.convener(id, 'publish', {});
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.details).toEqual({ status: 'COLLECTED', allowedActions: ['screen'] });
    const bad = await w.convener(id, 'screen', { topicCode: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('topicCode');
    // creating: a convener only for their own community; unknown community → 422
    const foreign = await w.call('post', '/v1/consultations', 'convener', 'C-NCZ', {
      communityCode: COMMUNITY, title: 't', description: 'd', source: 'COMMUNITY',
    });
    expect(foreign.status).toBe(403);
    const unknown = await w.call('post', '/v1/consultations', 'intake', undefined, {
      communityCode: 'S-DHM', title: 't', description: 'd', source: 'COMMUNITY',
    });
    expect(unknown.status).toBe(422);
    expect((await w.call('post', '/v1/consultations', 'auditor', undefined, {})).status).toBe(403);
    // idempotent create
    const body = { communityCode: COMMUNITY, title: '楼道堆物', description: '楼道堆物清理', source: 'GRID_WORKER' };
    const first = await request(h.app).post('/v1/consultations').set('authorization', `Bearer ${await h.token('handler', 'G-DFX-01')}`).set('idempotency-key', `k-${c.ids.a}`).send(body);
    const again = await request(h.app).post('/v1/consultations').set('authorization', `Bearer ${await h.token('handler', 'G-DFX-01')}`).set('idempotency-key', `k-${c.ids.a}`).send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  test('五议五不议 catalogue: read within scope, replaced by admins only', async () => {
    const read = await w.call('get', '/v1/consultation-catalogue/C-NCZ', 'convener', 'C-NCZ');
    expect(read.status).toBe(200);
    expect(read.body.items.filter((i: { allowed: boolean }) => i.allowed)).toHaveLength(5);
    expect(read.body.items.filter((i: { allowed: boolean }) => !i.allowed)).toHaveLength(5);
    expect((await w.call('get', '/v1/consultation-catalogue/C-NCZ', 'convener', 'C-DFX')).status).toBe(403);
    const items = [
      { code: 'PARKING', name: '小区停车管理', allowed: true },
      { code: 'PRIVATE_DISPUTE', name: '个人私事与个体纠纷', allowed: false },
    ];
    expect((await w.call('put', '/v1/consultation-catalogue/C-NCZ', 'convener', 'C-NCZ', { items })).status).toBe(403);
    const put = await w.call('put', '/v1/consultation-catalogue/C-NCZ', 'admin', undefined, { items });
    expect(put.status).toBe(200);
    expect(put.body.items.map((i: { code: string }) => i.code)).toEqual(['PARKING', 'PRIVATE_DISPUTE']);
    const dup = await w.call('put', '/v1/consultation-catalogue/C-NCZ', 'admin', undefined, { items: [items[0], items[0]] });
    expect(dup.status).toBe(400);
    expect((await w.call('put', '/v1/consultation-catalogue/NOPE', 'admin', undefined, { items })).status).toBe(404);
  });

  test('the recorded histories replay without nondeterminism', async () => {
    expect(await w.replayAll()).toBeGreaterThanOrEqual(2);
  });
});

describe('consultation loop-backs and hand-overs (200 000×)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 200_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const w = wiring(() => h);

  test('no consensus returns to 定 once; the second failure closes and archives the item', async () => {
    const c = w.cast();
    const { id } = await w.create(c);
    await w.screenAndFix(c, id);
    const noQuorum = {
      attendees: [c.ids.convener, c.ids.a, c.ids.b], // 3 of 7: no quorum
      votes: { inFavour: [c.ids.convener, c.ids.a, c.ids.b] },
      proposal: '方案一',
      minutes: '到会不足半数',
    };
    const tie = {
      attendees: [c.ids.convener, c.ids.a, c.ids.b, c.ids.grid], // 4 of 7: quorum
      votes: { inFavour: [c.ids.convener, c.ids.a], against: [c.ids.b, c.ids.grid] }, // exactly half: no majority
      proposal: '方案二',
      minutes: '赞成反对各半',
    };

    await w.scheduleAndWait(id);
    // without quorum the meeting is refused, and it is not a failed vote
    const refused = await w.convener(id, 'meeting/record', noQuorum);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toMatchObject({ rule: 'quorum', present: 3, required: 4 });
    const first = await w.convener(id, 'meeting/record', tie);
    expect(first.body).toMatchObject({ status: 'SCREENED', step: '定', noConsensusCount: 1 });
    expect(first.body.meetings[0].tally).toMatchObject({ quorum: true, majority: false, inFavour: 2, present: 4 });
    // back in 定: participants must be fixed again before a new meeting
    expect((await w.convener(id, 'meeting', { meetingAt: new Date(Date.now() + 60_000).toISOString() })).status).toBe(409);
    expect((await w.convener(id, 'participants', { participants: c.participants, form: 'ONLINE' })).body.status).toBe('AGENDA_SET');

    await w.scheduleAndWait(id);
    const second = await w.convener(id, 'meeting/record', tie);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'NO_CONSENSUS', outcome: 'NO_CONSENSUS', noConsensusCount: 2 });
    await eventually(async () => (await h.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 20_000, 'completion');
    const archive = await w.call('get', `/v1/consultations/${id}/archive.json`, 'auditor');
    expect(archive.body.outcome).toBe('NO_CONSENSUS');
    expect(archive.body.content.meetings).toHaveLength(2);
    expect(archive.body.content.notices).toHaveLength(2);
    const types = await w.types(id);
    expect(types.filter((t) => t === 'NO_CONSENSUS')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['CLOSED_NO_CONSENSUS', 'ARCHIVED']);
    // two meetings attended, points once per (resident, item, event)
    const a = await w.balance(c.ids.a);
    expect(a.entries.filter((e) => e.itemId === id).map((e) => e.event).sort()).toEqual(['ATTEND', 'VOTE']);
    expect(a.balance).toBe(5);
    expect((await w.convener(id, 'participants', { participants: c.participants, form: 'MEETING' })).status).toBe(409);
  });

  test('a substantive objection in 公示 returns the item to 议', async () => {
    const c = w.cast();
    const { id } = await w.create(c);
    await w.screenAndFix(c, id);
    await w.deliberate(c, id);
    const published = await w.convener(id, 'publish', {});
    expect(published.body.status).toBe('PUBLICIZING');
    await w.call('post', `/v1/consultations/${id}/objections`, 'handler', 'G-DFX-01', { residentId: c.ids.c, text: '方案未征求1层住户意见' });
    const upheld = await w.convener(id, 'objections/decision', { objectionNo: 1, substantive: true, reason: '确属实质性异议，重新协商' });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'REDELIBERATION', step: '议' });
    expect(upheld.body.publicity[0].outcome).toBe('RETURNED_TO_DELIBERATION');
    // the window is over for this round: no more objections, and the timer no longer moves the item
    expect((await w.call('post', `/v1/consultations/${id}/objections`, 'intake', undefined, { text: 'x' })).status).toBe(409);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(published.body.publicity[0].endsAt) - Date.now() + 500)));
    expect((await w.view(id)).status).toBe('REDELIBERATION');
    // 议 again (new notice), then a second publicity round
    await w.deliberate(c, id);
    const again = await w.convener(id, 'publish', {});
    expect(again.body.status).toBe('PUBLICIZING');
    expect(again.body.publicity).toHaveLength(2);
    expect(again.body.meetings).toHaveLength(2);
    const types = await w.types(id);
    expect(types).toEqual(expect.arrayContaining(['OBJECTION', 'OBJECTION_DECIDED', 'RETURNED_TO_DELIBERATION']));
    expect(types.filter((t) => t === 'DELIBERATED')).toHaveLength(2);
  });

  test('a failed evaluation reopens 办 with a new cycle and deadline', async () => {
    const c = w.cast();
    const { id } = await w.toImplementing(c);
    const done = await w.call('post', `/v1/consultations/${id}/progress`, 'handler', 'G-DFX-01', { percent: 100, note: '已完工' });
    expect(done.body.status).toBe('EVALUATING');
    const rate = (raterId: string, satisfaction: string) =>
      w.call('post', `/v1/consultations/${id}/evaluations`, 'intake', undefined, { raterId, raterKind: 'RESIDENT', satisfaction });
    expect((await rate(c.ids.a, '满意')).status).toBe(200);
    expect((await rate(c.ids.b, '不满意')).status).toBe(200); // exactly half satisfied: fails
    await eventually(async () => (await w.view(id)).status === 'IMPLEMENTING', 60_000, 'reopen');
    const v = await w.view(id);
    expect(v.implementationCycles).toHaveLength(2);
    expect(v.implementation).toMatchObject({ cycle: 2, completedAt: null, supervisionLevel: 0 });
    expect(v.progressPercent).toBe(0);
    expect(v.evaluations[0].tally).toEqual({ ratings: 2, satisfied: 1, dissatisfied: 1, passed: false });
    expect(Date.parse(v.implementation!.deadline)).toBeGreaterThan(Date.parse(v.implementationCycles[0]!.deadline));
    const types = await w.types(id);
    expect(types.slice(types.indexOf('EVALUATION_FAILED'))).toEqual(['EVALUATION_FAILED', 'REOPENED']);
    const row = await h.prisma.consultationItem.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'IMPLEMENTING', step: '办', progressPercent: 0 });
    // 办 again, and this time the evaluation passes
    await w.convener(id, 'progress', { percent: 100, note: '整改后完工' });
    await rate(c.ids.a, '满意');
    await eventually(async () => (await h.prisma.consultationItem.findUniqueOrThrow({ where: { id } })).status === 'ARCHIVED', 60_000, 'archive');
    const archive = await w.call('get', `/v1/consultations/${id}/archive.json`, 'auditor');
    expect(archive.body.content.evaluations.map((e: { tally: { passed: boolean } }) => e.tally.passed)).toEqual([false, true]);
    expect(archive.body.content.implementation).toHaveLength(2);
  });

  test('办 hands a task to a unit as a 接诉即办 request and waits for it', async () => {
    const c = w.cast();
    const { id } = await w.toImplementing(c);
    const task = {
      categoryCode: 'ENV',
      type: '求助',
      description: '施工围挡占用消防通道，请城管协调',
      location: { unitCode: 'G-DFX-01', address: '多福巷3号楼' },
      contact: { name: '社区居委会', phone: '010-65000000' },
    };
    expect((await w.call('post', `/v1/consultations/${id}/requests`, 'handler', 'G-DFX-01', task)).status).toBe(403);
    const dispatched = await w.convener(id, 'requests', task);
    expect(dispatched.status).toBe(200);
    const link = dispatched.body.linkedRequests[0];
    expect(link).toMatchObject({ cycle: 1, categoryCode: 'ENV', closed: false });
    const req = await h.prisma.request.findUniqueOrThrow({ where: { id: link.requestId } });
    expect(req.idempotencyKey.startsWith(`consultation:${id}:task:`)).toBe(true);
    expect(req).toMatchObject({ citizenName: '社区居委会', address: '多福巷3号楼', categoryCode: 'ENV' });
    const child = await h.client.workflow.getHandle(link.requestId).describe();
    expect(child).toMatchObject({ type: 'requestWorkflow', status: { name: 'RUNNING' } });
    // 100 % waits for the request
    const blocked = await w.convener(id, 'progress', { percent: 100, note: '完工' });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error.details).toMatchObject({ rule: 'linkedRequestsOpen', open: [link.requestId] });
    // the request ends (withdrawn by the requester: the convener's own intake login), 办 may finish
    const withdrawn = await request(h.app)
      .post(`/v1/requests/${link.requestId}/withdraw`)
      .set('authorization', `Bearer ${await h.token('intake', undefined, 'convener-tester')}`)
      .send({ reason: '社区已自行协调解决' });
    expect(withdrawn.status).toBe(200);
    await eventually(async () => (await w.view(id)).linkedRequests[0]?.closed, 20_000, 'linked request closed');
    expect((await w.view(id)).linkedRequests[0]).toMatchObject({ closed: true, closedStatus: 'WITHDRAWN' });
    expect(await w.types(id)).toEqual(expect.arrayContaining(['REQUEST_DISPATCHED', 'LINKED_REQUEST_CLOSED']));
    // two concurrent completions: one wins, the other is refused (no second evaluation round)
    const [one, two] = await Promise.all([
      w.convener(id, 'progress', { percent: 100, note: '完工' }),
      w.call('post', `/v1/consultations/${id}/progress`, 'handler', 'G-DFX-01', { percent: 100, note: '完工' }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect((await w.view(id)).status).toBe('EVALUATING');
    expect((await w.types(id)).filter((t) => t === 'EVALUATION_OPENED')).toHaveLength(1);
    // a refused task leaves no Request row behind
    const before = await h.prisma.request.count({ where: { idempotencyKey: { startsWith: `consultation:${id}:task:` } } });
    expect((await w.convener(id, 'requests', task)).status).toBe(409);
    expect(await h.prisma.request.count({ where: { idempotencyKey: { startsWith: `consultation:${id}:task:` } } })).toBe(before);
  });

  test('办: 50/75/100 % reminders and escalation to the street on an explicit deadline', async () => {
    const c = w.cast();
    const { id } = await w.create(c);
    await w.screenAndFix(c, id);
    await w.deliberate(c, id);
    await w.publicise(id);
    const past = await w.convener(id, 'assign', { owner: { label: '社区居委会' }, deadline: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).toBe(422);
    expect(past.body.error.details.rule).toBe('deadlineInPast');
    const soon = new Date(Date.now() + 3000).toISOString();
    const assigned = await w.convener(id, 'assign', { owner: { label: '社区居委会', unitCode: 'G-DFX-01' }, deadline: soon });
    expect(assigned.body.implementation.deadline).toBe(soon);
    // the timeline event is written before its notification is delivered: wait for the delivery
    await eventually(async () => (await h.prisma.notification.count({ where: { requestId: id, kind: 'ESCALATED' } })) > 0, 30_000, 'escalation');
    const types = await w.types(id);
    expect(types.indexOf('REMINDER_50')).toBeLessThan(types.indexOf('URGE_75'));
    expect(types.indexOf('URGE_75')).toBeLessThan(types.indexOf('OVERDUE'));
    const kinds = await h.prisma.notification.findMany({ where: { requestId: id, kind: { in: ['REMINDER_50', 'URGE_75', 'SUPERVISION_ORDER', 'ESCALATED'] } } });
    expect(kinds.map((n) => [n.kind, n.recipientUnitCode]).sort()).toEqual(
      [['ESCALATED', 'S-DHM'], ['REMINDER_50', 'G-DFX-01'], ['SUPERVISION_ORDER', 'G-DFX-01'], ['URGE_75', 'G-DFX-01']].sort(),
    );
    const row = await h.prisma.consultationItem.findUniqueOrThrow({ where: { id } });
    expect(row.overdue).toBe(true);
    const impl = (await w.view(id)).implementation!;
    expect(impl.overdue).toBe(true);
    expect(impl.supervisionLevel).toBeGreaterThanOrEqual(3);
  });

  test('not for consultation: closed with the reason and handed to 接诉即办 as a new request', async () => {
    const c = w.cast();
    const { id } = await w.create(c, { title: '邻居装修噪音', description: '楼上邻居夜间装修' });
    const res = await w.convener(id, 'screen', {
      topicCode: 'PRIVATE_DISPUTE',
      note: '个体纠纷，转12345',
      routeToRequest: { categoryCode: 'NOISE', type: '投诉', location: { unitCode: 'G-DFX-01', address: '多福巷12号' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'REJECTED', outcome: 'NOT_FOR_CONSULTATION', step: '备' });
    const requestId = res.body.screening.routedRequestId as string;
    expect(requestId).toMatch(/^REQ-/);
    // the Request row exists (personal data from PostgreSQL, never from the workflow)
    const req = await h.prisma.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(req).toMatchObject({
      idempotencyKey: `consultation:${id}`,
      categoryCode: 'NOISE',
      type: '投诉',
      citizenName: '王五',
      citizenPhone: '13900000000',
      address: '多福巷12号',
      locationUnitCode: 'G-DFX-01',
    });
    // and its requestWorkflow is running, dispatched by its own intake
    const described = await h.client.workflow.getHandle(requestId).describe();
    expect(described.type).toBe('requestWorkflow');
    expect(described.status.name).toBe('RUNNING');
    await eventually(async () => (await h.prisma.request.findUniqueOrThrow({ where: { id: requestId } })).status === 'DISPATCHED', 20_000, 'dispatch');
    // the item itself is closed and archived with the reason
    await eventually(async () => (await h.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 20_000, 'completion');
    const event = await h.prisma.consultationEvent.findFirstOrThrow({ where: { itemId: id, type: 'NOT_FOR_CONSULTATION' } });
    expect(event.reason).toBe('个人私事与个体纠纷: 个体纠纷，转12345');
    const archive = await w.call('get', `/v1/consultations/${id}/archive.json`, 'auditor');
    expect(archive.body.content.screening).toMatchObject({ forConsultation: false, routedRequestId: requestId });
    expect(JSON.stringify((await h.client.workflow.getHandle(id).fetchHistory()).events)).not.toContain('13900000000');
    // the request workflow outlives the archived item
    expect((await h.client.workflow.getHandle(requestId).describe()).status.name).toBe('RUNNING');

    // without routing: only closed; routing on a topic that may be consulted is refused
    const second = await w.create(w.cast());
    const refused = await w.convener(second.id, 'screen', {
      topicCode: 'ENVIRONMENT',
      routeToRequest: { categoryCode: 'ENV', location: { unitCode: 'G-DFX-01', address: 'x' } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.rule).toBe('routeToRequest');
    const closedOnly = await w.convener(second.id, 'screen', { topicCode: 'LITIGATION', note: '属诉讼事项，告知走司法途径' });
    expect(closedOnly.body).toMatchObject({ status: 'REJECTED', screening: { routedRequestId: null } });
    expect(await h.prisma.request.findUnique({ where: { idempotencyKey: `consultation:${second.id}` } })).toBeNull();
  });

  test('治理积分: awarded exactly once under retries; corrections are reversal entries', async () => {
    const c = w.cast();
    const { id } = await w.create(c); // the proposer's SUBMIT_TOPIC is awarded by the workflow
    await eventually(async () => (await w.balance(c.ids.proposer)).balance === 5, 10_000, 'submit points');
    const acts = createConsultationActivities(h.prisma, new LogChannel(logger));
    const awards = [
      { residentId: c.ids.a, event: 'ATTEND' as const },
      { residentId: c.ids.a, event: 'VOTE' as const },
      { residentId: c.ids.proposer, event: 'SUBMIT_TOPIC' as const }, // already awarded by the workflow
    ];
    expect(await acts.awardConsultationPoints({ itemId: id, awards })).toEqual({ awarded: 2, alreadyAwarded: 1 });
    const once = await w.balance(c.ids.a);
    // a retried activity (same event replayed twice more, concurrently)
    const retries = await Promise.all([acts.awardConsultationPoints({ itemId: id, awards }), acts.awardConsultationPoints({ itemId: id, awards })]);
    expect(retries).toEqual([{ awarded: 0, alreadyAwarded: 3 }, { awarded: 0, alreadyAwarded: 3 }]);
    const twice = await w.balance(c.ids.a);
    expect(twice.balance).toBe(once.balance);
    expect(twice.balance).toBe(5);
    expect(twice.entries).toHaveLength(2);
    expect((await w.balance(c.ids.proposer)).balance).toBe(5);

    // corrections: a reversal entry referencing the original, never an edit
    const attend = twice.entries.find((e) => e.event === 'ATTEND')!;
    const denied = await w.call('post', `/v1/points/${c.ids.a}/reversals`, 'convener', COMMUNITY, { entryId: attend.id, reason: '误记' });
    expect(denied.status).toBe(403);
    const reversed = await w.call('post', `/v1/points/${c.ids.a}/reversals`, 'admin', undefined, { entryId: attend.id, reason: '未实际到会' });
    expect(reversed.status).toBe(201);
    expect(reversed.body).toMatchObject({ event: 'REVERSAL', points: -3, reversesId: attend.id, balance: 2 });
    const repeat = await w.call('post', `/v1/points/${c.ids.a}/reversals`, 'admin', undefined, { entryId: attend.id, reason: '未实际到会' });
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(reversed.body.id);
    expect(repeat.body.balance).toBe(2);
    const ofReversal = await w.call('post', `/v1/points/${c.ids.a}/reversals`, 'admin', undefined, { entryId: reversed.body.id, reason: 'x' });
    expect(ofReversal.status).toBe(422);
    const wrongResident = await w.call('post', `/v1/points/${c.ids.b}/reversals`, 'admin', undefined, { entryId: attend.id, reason: 'x' });
    expect(wrongResident.status).toBe(404);
    const history = await w.balance(c.ids.a);
    expect(history.balance).toBe(2);
    expect(history.entries.find((e) => e.id === attend.id)).toMatchObject({ points: 3, event: 'ATTEND' }); // original untouched
    await expect(h.prisma.$executeRawUnsafe(`UPDATE "PointLedgerEntry" SET "points" = 100 WHERE "id" = ${attend.id}`)).rejects.toThrow(/append-only/);
  });

  test('the recorded histories replay without nondeterminism', async () => {
    expect(await w.replayAll()).toBeGreaterThanOrEqual(6);
  });
});

describe('consultation expiry (10 000 000×: 12 months ≈ 3 s)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeScale: 10_000_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const w = wiring(() => h);

  test('an item not taken up within 12 months expires and is archived', async () => {
    const hotspot = await createViaApi(h);
    expect(hotspot.status).toBe(201);
    const c = w.cast();
    const created = await w.create(c, { track: 'INSTANT', source: 'HOTSPOT', hotspotRequestIds: [hotspot.body.id] });
    const row = await h.prisma.consultationItem.findUniqueOrThrow({ where: { id: created.id } });
    expect(Date.parse(created.expiresAt)).toBe(expiryAt(row.collectedAt.getTime(), 10_000_000));
    expect(row.hotspotRequestIds).toEqual([hotspot.body.id]);
    await eventually(async () => (await w.view(created.id)).status === 'EXPIRED', 30_000, 'expiry');
    // The view answers from the workflow; the timeline row follows from an activity, so wait for it.
    const expired = await eventually(
      () => h.prisma.consultationEvent.findFirst({ where: { itemId: created.id, type: 'EXPIRED' } }),
      20_000, 'expiry event',
    );
    expect(expired.at.getTime()).toBeGreaterThanOrEqual(Date.parse(created.expiresAt));
    // The archive event follows the expiry; wait for it rather than race it.
    const types = await eventually(async () => {
      const t = await w.types(created.id);
      return t.includes('ARCHIVED') ? t : undefined;
    }, 20_000, 'archive after expiry');
    // 即时议: the 48-hour take-up deadline passed first (reminded), then the 12 months
    expect(types).toEqual(['COLLECTED', 'TAKE_UP_OVERDUE', 'EXPIRED', 'ARCHIVED']);
    await eventually(async () => (await h.client.workflow.getHandle(created.id).describe()).status.name === 'COMPLETED', 20_000, 'completion');
    const archive = await w.call('get', `/v1/consultations/${created.id}/archive.json`, 'auditor');
    expect(archive.body).toMatchObject({ outcome: 'EXPIRED', content: { finalStatus: 'EXPIRED', screening: null, hotspotRequestIds: [hotspot.body.id] } });
    const late = await w.convener(created.id, 'screen', { topicCode: 'ENVIRONMENT' });
    expect(late.status).toBe(409);
    expect(late.body.error.details).toEqual({ status: 'EXPIRED', allowedActions: [] });
    const unknownHotspot = await w.call('post', '/v1/consultations', 'intake', undefined, {
      communityCode: COMMUNITY, title: 't', description: 'd', source: 'HOTSPOT', hotspotRequestIds: ['REQ-NOPE'],
    });
    expect(unknownHotspot.status).toBe(422);
    expect(unknownHotspot.body.error.details[0].field).toBe('hotspotRequestIds.0');
  });
});
