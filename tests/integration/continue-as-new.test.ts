/**
 * Long histories: on a Temporal server that suggests continue-as-new after 40 events, a request
 * that keeps receiving progress reports moves to a fresh run with its state intact. Runs its own
 * dev server (the shared one keeps the default limits).
 */
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { TokenService } from '../../api/auth/tokens';
import { LogChannel } from '../../activities/shared/channels/log-channel';
import { createPrismaClient } from '../../infra/db';
import { freePort } from '../../infra/embedded-postgres';
import { logger } from '../../infra/logger';
import { findTemporalCli } from '../../infra/temporal-cli';
import { startTemporalDevServer, type DevServerHandle } from '../../infra/temporal-dev-server';
import { createWorker } from '../../worker/create-worker';
import { sampleRequest } from './harness';
import { testDataConverter } from './test-keys';

describe('continue-as-new carries a long request over to a fresh history', () => {
  let server: DevServerHandle;
  let stop: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let client: Client;
  const tokens = new TokenService('continue-as-new-test-secret-0123456789');

  beforeAll(async () => {
    server = await startTemporalDevServer({
      cliPath: findTemporalCli()!,
      port: await freePort(),
      extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40'],
    });
    const prisma = createPrismaClient(process.env.HUIYING_TEST_DATABASE_URL!);
    const connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, dataConverter: testDataConverter });
    const workerConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue: 'can',
      prisma,
      channel: new LogChannel(logger),
      dataConverter: testDataConverter,
      workflowBundle: { codePath: process.env.HUIYING_TEST_BUNDLE! },
    });
    const running = worker.run();
    app = createApp({ prisma, temporal: client, tokens, logger, namespace: 'default', taskQueue: 'can' });
    stop = async () => {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await prisma.$disconnect();
      await server.stop();
    };
  });
  afterAll(async () => {
    await stop?.();
  });

  test('many progress reports: a new run, same state, the timeline continues', async () => {
    const intake = `Bearer ${await tokens.mint({ subject: 'can', role: 'intake' })}`;
    const handler = `Bearer ${await tokens.mint({ subject: 'can', role: 'handler', unitCode: 'S-DHM' })}`;
    const created = await request(app).post('/v1/requests').set('authorization', intake).send(sampleRequest());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const act = (path: string, body: object) =>
      request(app).post(`/v1/requests/${id}/${path}`).set('authorization', handler).send(body);
    expect((await act('sign', {})).status).toBe(200);
    expect((await act('respond', {})).status).toBe(200);
    const firstRun = (await client.workflow.getHandle(id).describe()).runId;
    for (let i = 1; i <= 12; i++) expect((await act('progress', { note: `进展 ${i}` })).status).toBe(200);

    const latest = await client.workflow.getHandle(id).describe();
    expect(latest.runId).not.toBe(firstRun);
    expect(latest.status.name).toBe('RUNNING');
    const history = await client.workflow.getHandle(id, firstRun).fetchHistory();
    const last = history.events?.[history.events.length - 1];
    expect(last?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    // The carried state: same deadlines and unit, and the timeline numbering continues.
    const view = await client.workflow.getHandle(id).query<{ status: string; unit: { code: string }; deadlines: { resolve: string } }>('state');
    expect(view.status).toBe('IN_PROGRESS');
    expect(view.unit.code).toBe('S-DHM');
    expect(view.deadlines.resolve).toBe(created.body.deadlines.resolve);
    const resolved = await act('resolve', { statusNotes: '已处理' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('RESOLVED');
    const prismaCheck = createPrismaClient(process.env.HUIYING_TEST_DATABASE_URL!);
    try {
      const events = await prismaCheck.requestEvent.findMany({ where: { requestId: id }, orderBy: { seq: 'asc' } });
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'PROGRESS')).toHaveLength(12);
      expect(events[events.length - 1]!.type).toBe('RESOLVED');
    } finally {
      await prismaCheck.$disconnect();
    }
  });
});
