/**
 * Records the application cannot rewrite (issue 12): the runtime role the API and the worker
 * connect as cannot UPDATE, DELETE or TRUNCATE the append-only tables (and triggers refuse the
 * owner as a second line), and the archive chain names a record the owner changed behind the
 * triggers' back.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createConsultationActivities } from '../../activities/consultations/activities';
import { LogChannel } from '../../activities/shared/channels/log-channel';
import { contentHashOf } from '../../infra/archive-chain';
import { logger } from '../../infra/logger';
import type { ConsultationArchiveRecord } from '../../workflows/consultations/definitions';
import { createViaApi, eventually, startHarness, type Harness } from './harness';
import { testArchiveKeys } from './test-keys';

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** Each append-only table and a text column to try to change. */
const APPEND_ONLY: Record<string, string> = {
  RequestEvent: 'actor',
  ConsultationEvent: 'actor',
  ConsultationArchive: 'outcome',
  PointLedgerEntry: 'reason',
  AccessLog: 'subject',
  CodecDecodeLog: 'subject',
};

describe('the runtime role', () => {
  it('connects as huiying_app, which cannot UPDATE, DELETE or TRUNCATE an event row, and still writes the read model', async () => {
    const created = await createViaApi(h);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // The worker (runtime role) wrote the timeline and moved the request row forward.
    await eventually(() => h.prisma.requestEvent.findFirst({ where: { requestId: id } }), 30_000, 'a timeline event');
    await eventually(async () => (await h.prisma.request.findUnique({ where: { id } }))?.lastEventSeq, 30_000, 'the projection');

    const [{ current_user: who }] = await h.runtimePrisma.$queryRawUnsafe<{ current_user: string }[]>('SELECT current_user::text AS current_user');
    expect(who).toBe('huiying_app');
    await expect(h.runtimePrisma.$executeRawUnsafe(`UPDATE "RequestEvent" SET "actor" = 'x' WHERE "requestId" = '${id}'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(h.runtimePrisma.$executeRawUnsafe(`DELETE FROM "RequestEvent" WHERE "requestId" = '${id}'`)).rejects.toThrow(/permission denied/);
    await expect(h.runtimePrisma.requestEvent.deleteMany({ where: { requestId: id } })).rejects.toThrow(/permission denied|denied/i);
    for (const [table, column] of Object.entries(APPEND_ONLY)) {
      await expect(h.runtimePrisma.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = 'x' WHERE false`)).rejects.toThrow(/permission denied/);
      await expect(h.runtimePrisma.$executeRawUnsafe(`DELETE FROM "${table}" WHERE false`)).rejects.toThrow(/permission denied/);
      await expect(h.runtimePrisma.$executeRawUnsafe(`TRUNCATE "${table}"`)).rejects.toThrow(/permission denied/);
    }
    await expect(h.runtimePrisma.$queryRawUnsafe('SELECT * FROM "_prisma_migrations"')).rejects.toThrow(/permission denied/);
    // Read-model rows stay updatable by the application.
    await expect(h.runtimePrisma.request.update({ where: { id }, data: { overdue: false } })).resolves.toMatchObject({ id });

    // Second line: the owner is refused by the triggers.
    await expect(h.prisma.$executeRawUnsafe(`UPDATE "RequestEvent" SET "actor" = 'x' WHERE "requestId" = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(h.prisma.$executeRawUnsafe(`DELETE FROM "RequestEvent" WHERE "requestId" = '${id}'`)).rejects.toThrow(/append-only/);
    await expect(h.prisma.$executeRawUnsafe(`TRUNCATE "ConsultationEvent"`)).rejects.toThrow(/append-only/);
    expect(await h.prisma.requestEvent.count({ where: { requestId: id } })).toBeGreaterThan(0);
  });
});

async function archivedItem(): Promise<string> {
  const id = `CI-T-${randomBytes(4).toString('hex')}`;
  await h.prisma.consultationItem.create({
    data: {
      id,
      idempotencyKey: id,
      fingerprint: id,
      communityCode: 'G-DFX',
      title: '楼道堆物清理',
      description: '三单元楼道堆物',
      source: 'COMMUNITY',
      track: 'INSTANT',
      status: 'ARCHIVED',
      step: '备',
      createdBy: 'tester',
    },
  });
  const now = new Date().toISOString();
  const record: ConsultationArchiveRecord = {
    itemId: id,
    outcome: 'COMPLETED',
    finalStatus: 'ARCHIVED',
    archivedAt: now,
    communityCode: 'G-DFX',
    source: 'COMMUNITY',
    track: 'INSTANT',
    collectedAt: now,
    proposerResidentId: null,
    hotspotRequestIds: [],
    screening: null,
    participants: [],
    form: null,
    notices: [],
    meetings: [],
    noConsensusCount: 0,
    resolution: '清理楼道',
    publicity: [],
    implementation: [],
    linkedRequests: [],
    progress: [],
    evaluations: [],
  } as unknown as ConsultationArchiveRecord;
  // The activity as the worker runs it: runtime role, signing keys from outside the database.
  const acts = createConsultationActivities(h.runtimePrisma, new LogChannel(logger), { archiveKeys: testArchiveKeys });
  await expect(acts.writeConsultationArchive(record)).resolves.toMatchObject({ result: 'written' });
  await expect(acts.writeConsultationArchive(record)).resolves.toMatchObject({ result: 'unchanged' });
  return id;
}

/** The owner (a superuser here) changes a row with the triggers switched off for its transaction. */
const asOwnerBehindTriggers = (sql: string) =>
  h.prisma.$transaction([h.prisma.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`), h.prisma.$executeRawUnsafe(sql)]);

describe('the archive chain', () => {
  it('verifies unaltered, and names the first record the owner altered (content, or content and its hash)', async () => {
    const first = await archivedItem();
    const second = await archivedItem();
    const rows = await h.prisma.consultationArchive.findMany({ where: { itemId: { in: [first, second] } }, orderBy: { chainSeq: 'asc' } });
    expect(rows[1]!.chainSeq).toBeGreaterThan(rows[0]!.chainSeq!);
    expect(rows.every((r) => r.signature && r.signingKeyId === 'archive-test-1' && r.prevHash && r.recordHash)).toBe(true);

    const verify = async (role: 'auditor' | 'admin' = 'auditor') =>
      request(h.app).get('/v1/archive/verify').set('authorization', `Bearer ${await h.token(role)}`);
    const ok = await verify();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, firstBreak: null });
    expect(ok.body.records).toBeGreaterThanOrEqual(2);
    expect((await verify('admin')).body.valid).toBe(true);
    const handler = await request(h.app).get('/v1/archive/verify').set('authorization', `Bearer ${await h.token('handler', 'G-DFX-01')}`);
    expect(handler.status).toBe(403);

    const original = rows[0]!;
    try {
      // The content changed, hash left as it was.
      await asOwnerBehindTriggers(
        `UPDATE "ConsultationArchive" SET "content" = jsonb_set("content", '{resolution}', '"篡改后的协商意见"') WHERE "itemId" = '${first}'`,
      );
      const broken = await verify();
      expect(broken.body).toMatchObject({ valid: false, firstBreak: { itemId: first, chainSeq: original.chainSeq, problem: 'CONTENT_HASH_MISMATCH' } });

      // The content hash recomputed too (plain SHA-256 is public): the signed record hash no longer holds.
      const tampered = await h.prisma.consultationArchive.findUniqueOrThrow({ where: { itemId: first } });
      await asOwnerBehindTriggers(`UPDATE "ConsultationArchive" SET "contentHash" = '${contentHashOf(tampered.content)}' WHERE "itemId" = '${first}'`);
      expect((await verify()).body).toMatchObject({ valid: false, firstBreak: { itemId: first, problem: 'RECORD_HASH_MISMATCH' } });

      // A new signature without the key: not a valid HMAC.
      await asOwnerBehindTriggers(`UPDATE "ConsultationArchive" SET "outcome" = 'X' WHERE "itemId" = '${second}'`);
      expect((await verify()).body.firstBreak).toMatchObject({ itemId: first });
    } finally {
      await asOwnerBehindTriggers(
        `UPDATE "ConsultationArchive" SET "content" = '${JSON.stringify(original.content).replace(/'/g, "''")}'::jsonb, "contentHash" = '${original.contentHash}' WHERE "itemId" = '${first}'`,
      );
      await asOwnerBehindTriggers(`UPDATE "ConsultationArchive" SET "outcome" = 'COMPLETED' WHERE "itemId" = '${second}'`);
    }
    expect((await verify()).body).toMatchObject({ valid: true, firstBreak: null });
  });
});
