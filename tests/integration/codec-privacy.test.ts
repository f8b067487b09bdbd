/**
 * Free text never reaches Temporal in plaintext: a handler's note, a meeting's minutes and an
 * objection are read back from the raw history (the CLI without a codec) and from the Temporal
 * server's database file, and must be absent there; through the codec server an auditor reads
 * them, anyone else is refused. A client without the codec keys cannot forge an update either.
 *
 * This file runs its own Temporal dev server on a SQLite file (the run's shared one is in memory)
 * so the file itself can be searched.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import request from 'supertest';
import type { Role } from '../../api/auth/roles';
import { freePort } from '../../infra/embedded-postgres';
import { findTemporalCli } from '../../infra/temporal-cli';
import { startTemporalDevServer, type DevServerHandle } from '../../infra/temporal-dev-server';
import type { ConsultationView } from '../../workflows/consultations/definitions';
import { UNSEALED_INPUT } from '../../infra/codec/workflow-interceptors';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

const COMMUNITY = 'C-DFX';
const tag = randomBytes(4).toString('hex');
const markers = {
  note: `NOTE-MARK-${tag}`,
  minutes: `MINUTES-MARK-${tag}`,
  objection: `OBJECTION-MARK-${tag}`,
};

interface PayloadJson {
  metadata?: Record<string, string>;
  data?: string;
}

/** Every payload object ({metadata, data}) anywhere in a history as the CLI prints it. */
function payloadsIn(node: unknown, out: PayloadJson[] = []): PayloadJson[] {
  if (Array.isArray(node)) node.forEach((n) => payloadsIn(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && 'encoding' in (o.metadata as object)) out.push(o as PayloadJson);
    else Object.values(o).forEach((v) => payloadsIn(v, out));
  }
  return out;
}

describe('payload codec: no free text in Temporal, auditors decode through the codec server', () => {
  let h: Harness;
  let server: DevServerHandle;
  let dir: string;
  const cli = findTemporalCli()!;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-codec-'));
    server = await startTemporalDevServer({ cliPath: cli, port: await freePort(), dbFile: path.join(dir, 'temporal.db') });
    h = await startHarness({ timeScale: 100_000, temporalAddress: server.address });
  });
  afterAll(async () => {
    await h?.stop();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: 'get' | 'post', url: string, role: Role, unit?: string, body?: object) => {
    const req = request(h.app)[method](url).set('authorization', `Bearer ${await h.token(role, unit)}`);
    return body ? req.send(body) : req;
  };
  const convener = (id: string, step: string, body: object) => call('post', `/v1/consultations/${id}/${step}`, 'convener', COMMUNITY, body);

  /** A request signed with a marked note. */
  async function markedRequest(): Promise<string> {
    const created = await createViaApi(h, sampleRequest());
    expect(created.status).toBe(201);
    const signed = await call('post', `/v1/requests/${created.body.id}/sign`, 'handler', 'S-DHM', { note: markers.note });
    expect(signed.status).toBe(200);
    return created.body.id as string;
  }

  /** A consultation item deliberated with marked minutes, then objected to with marked text. */
  async function markedConsultation(): Promise<string> {
    const r = (p: string) => `R-${p}-${tag}`;
    const created = await call('post', '/v1/consultations', 'intake', undefined, {
      communityCode: COMMUNITY, title: '楼道堆物清理', description: '楼道堆放杂物', source: 'RESIDENT', track: 'DEEP',
      proposer: { residentId: r('P'), name: '王五', phone: '13900000000' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await convener(id, 'screen', { topicCode: 'RENOVATION', note: '属于五议' })).status).toBe(200);
    // RENOVATION asks for residents, the grid worker, the property company and an interested party.
    const participants = [
      { id: r('CV'), category: 'CONVENER' }, { id: r('A'), category: 'RESIDENT' }, { id: r('B'), category: 'RESIDENT' },
      { id: r('G'), category: 'GRID_WORKER' }, { id: r('W'), category: 'PROPERTY_COMPANY', label: '多福物业' },
      { id: r('N'), category: 'INTERESTED_PARTY' },
    ];
    expect((await convener(id, 'participants', { participants, form: 'BENCH' })).status).toBe(200);
    const { minimumNoticeMs } = await h.client.workflow.getHandle(id).query<ConsultationView>('consultationState');
    const meetingAt = new Date(Date.now() + minimumNoticeMs + 300).toISOString();
    expect((await convener(id, 'meeting', { meetingAt, place: '社区议事厅', agenda: '清理方案' })).status).toBe(200);
    await new Promise((res) => setTimeout(res, Math.max(0, Date.parse(meetingAt) - Date.now() + 50)));
    const recorded = await convener(id, 'meeting/record', {
      attendees: [r('CV'), r('A'), r('B'), r('G'), r('N')],
      opinions: [{ participantId: r('N'), text: '同意' }],
      votes: { inFavour: [r('CV'), r('A'), r('B')], against: [r('G')], abstain: [r('N')] },
      proposal: '周末集中清理',
      minutes: `会议记录 ${markers.minutes}`,
    });
    expect(recorded.status).toBe(200);
    expect((await convener(id, 'publish', { channels: ['BOARD'] })).status).toBe(200);
    const objected = await call('post', `/v1/consultations/${id}/objections`, 'intake', undefined, { text: `异议 ${markers.objection}` });
    expect(objected.status).toBe(200);
    return id;
  }

  test('the raw history and the database file hold no marker; the codec server decodes them for auditors only', async () => {
    const requestId = await markedRequest();
    const itemId = await markedConsultation();

    const raw = [requestId, itemId].map((id) => {
      const shown = spawnSync(cli, ['workflow', 'show', '-w', id, '--address', server.address, '--namespace', 'default', '-o', 'json'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(shown.status).toBe(0);
      return shown.stdout;
    });
    const rawText = raw.join('\n');
    // Controls: the histories are really there, and their payloads are marked encrypted.
    expect(rawText).toContain(requestId);
    expect(rawText).toContain(Buffer.from('binary/encrypted').toString('base64'));
    for (const marker of Object.values(markers)) expect(rawText).not.toContain(marker);

    // The server's own storage (WAL included: recent writes live there until a checkpoint).
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('temporal.db'));
    const stored = Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
    expect(stored.includes(Buffer.from(itemId))).toBe(true);
    for (const marker of Object.values(markers)) expect(stored.includes(Buffer.from(marker))).toBe(false);

    const payloads = raw.flatMap((text) => payloadsIn(JSON.parse(text)));
    expect(payloads.length).toBeGreaterThan(5);
    const anonymous = await request(h.app).post('/codec/decode').send({ payloads });
    expect(anonymous.status).toBe(401);
    const handler = await call('post', '/codec/decode', 'handler', 'S-DHM', { payloads });
    expect(handler.status).toBe(403);
    expect(handler.body.error.details).toEqual({ allowedRoles: ['auditor', 'admin'] });

    const auditorToken = await h.tokens.mint({ subject: `auditor-${tag}`, role: 'auditor' });
    const decoded = await request(h.app).post('/codec/decode').set('authorization', `Bearer ${auditorToken}`).send({ payloads });
    expect(decoded.status).toBe(200);
    const plain = (decoded.body.payloads as PayloadJson[]).map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
    for (const marker of Object.values(markers)) expect(plain).toContain(marker);

    // Every decode is recorded: who, and which workflows; admins read the log, auditors cannot.
    const logRow = await h.prisma.codecDecodeLog.findFirstOrThrow({ where: { subject: `auditor-${tag}` } });
    expect(logRow.workflowIds.sort()).toEqual([requestId, itemId].sort());
    expect(logRow.payloadCount).toBe(payloads.length);
    const log = await call('get', `/codec/decode-log?subject=auditor-${tag}`, 'admin');
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    expect((await call('get', '/codec/decode-log', 'auditor')).status).toBe(403);
  });

  test('the sign-in form sets an HttpOnly cookie scoped to /codec that the decode endpoint accepts', async () => {
    const handlerSignIn = await request(h.app).post('/codec/sign-in').type('form').send({ token: await h.token('handler', 'S-DHM') });
    expect(handlerSignIn.status).toBe(403);
    const signIn = await request(h.app).post('/codec/sign-in').type('form').send({ token: await h.token('auditor') });
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(/huiying_codec_session=[^;]+;.*Path=\/codec/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const viaCookie = await request(h.app).post('/codec/decode').set('cookie', cookie.split(';')[0]!).send({ payloads: [] });
    expect(viaCookie.status).toBe(200);
  });

  test('a client without the codec keys cannot send an update: the workflow refuses the unsealed input', async () => {
    const requestId = await markedRequest();
    const connection = await Connection.connect({ address: server.address });
    try {
      const plainClient = new Client({ connection, namespace: 'default' });
      const forged = plainClient.workflow.getHandle(requestId).executeUpdate('respond', {
        args: [{ actor: { role: 'handler', subject: 'forger', unitCode: 'S-DHM' }, input: {} }],
      });
      const err = await forged.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((err as WorkflowUpdateFailedError).cause).toMatchObject({ type: UNSEALED_INPUT });
    } finally {
      await connection.close();
    }
    const view = await eventually(async () => (await call('get', `/v1/requests/${requestId}`, 'auditor')).body, 5_000, 'view');
    expect(view.status).toBe('SIGNED');
  });
});
