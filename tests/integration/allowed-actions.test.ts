/**
 * What a reply tells its caller (issue 9 §3): `allowedActions` lists what this caller may do now
 * (role and scope), every reply names the item `id`, the RECEIVED event names the intake
 * subject, and notifications read in Beijing time.
 */
import request from 'supertest';
import type { NotificationChannel } from '../../activities/shared/channels/channel';
import type { NotificationRequest } from '../../workflows/shared/definitions';
import { eventually, sampleRequest, startHarness, type Harness } from './harness';

class CapturingChannel implements NotificationChannel {
  readonly name = 'capture';
  readonly sent: NotificationRequest[] = [];
  async deliver(n: NotificationRequest): Promise<void> {
    this.sent.push(n);
  }
}

describe('replies as their caller reads them', () => {
  let h: Harness;
  const channel = new CapturingChannel();
  beforeAll(async () => {
    h = await startHarness({ channel });
  });
  afterAll(async () => h?.stop());

  const auth = async (role: Parameters<Harness['token']>[0], unit?: string, sub?: string) => `Bearer ${await h.token(role, unit, sub)}`;

  test('a dispatched request offers each role its own actions; RECEIVED names the intake subject; notices in Beijing time', async () => {
    const created = await request(h.app)
      .post('/v1/requests')
      .set('authorization', await auth('intake', undefined, 'operator-0042'))
      .send(sampleRequest());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // The creator (intake) may withdraw; it is never offered a handler's or dispatcher's action.
    expect(created.body.allowedActions).toEqual(['withdraw']);

    const detail = async (role: Parameters<Harness['token']>[0], unit?: string) =>
      (await request(h.app).get(`/v1/requests/${id}`).set('authorization', await auth(role, unit))).body;
    const unit = (await detail('dispatcher')).currentUnitCode as string;
    const street = await detail('handler', unit);
    expect(street.live.allowedActions).toEqual(expect.arrayContaining(['sign', 'return', 'escalate']));
    for (const notMine of ['merge', 'dispatch', 'decideExtension', 'withdraw', 'report']) {
      expect(street.live.allowedActions).not.toContain(notMine);
    }
    const dispatcher = await detail('dispatcher');
    expect(dispatcher.live.allowedActions).toEqual(expect.arrayContaining(['merge', 'dispatch', 'escalate']));
    expect(dispatcher.live.allowedActions).not.toContain('sign');
    expect((await detail('auditor')).live.allowedActions).toEqual([]);

    // An action's reply: `id` like the create reply (requestId is its deprecated alias), narrowed too.
    const signed = await request(h.app).post(`/v1/requests/${id}/sign`).set('authorization', await auth('handler', unit)).send({});
    expect(signed.status).toBe(200);
    expect(signed.body.id).toBe(id);
    expect(signed.body.requestId).toBe(id);
    expect(signed.body.allowedActions).not.toContain('decideExtension');
    expect(signed.body.allowedActions).toContain('respond');

    // A refusal lists what this caller could do instead, not every action of the state.
    const refused = await request(h.app).post(`/v1/requests/${id}/sign`).set('authorization', await auth('handler', unit)).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.allowedActions).not.toContain('decideExtension');

    const received = await h.prisma.requestEvent.findFirst({ where: { requestId: id, type: 'RECEIVED' } });
    expect(received?.actor).toBe('operator-0042');

    const dispatched = await eventually(async () => channel.sent.find((n) => n.requestId === id && n.kind === 'DISPATCHED'), 30_000, 'DISPATCHED notice');
    expect(dispatched.message).toMatch(/请于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前签收/);
    expect(dispatched.message).not.toMatch(/\d{2}:\d{2}:\d{2}|Z 前/);
  });
});
