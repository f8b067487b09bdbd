import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, WebhookChannel } from '../../activities/shared/channels/webhook-channel';
import { createViaApi, eventually, startHarness, timelineTypes, type Harness } from './harness';

const SECRET = 'webhook-secret-for-tests-0123456789';

interface Received {
  key: string;
  kind: string;
  signatureValid: boolean;
  answered: number;
}

/** A real HTTP receiver on loopback that checks signatures and fails each first delivery once. */
function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const failedOnce = new Set<string>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const expected = signWebhook(SECRET, String(req.headers[TIMESTAMP_HEADER]), body);
      const given = String(req.headers[SIGNATURE_HEADER] ?? '');
      const signatureValid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      const answered = failedOnce.has(key) ? 200 : 503;
      failedOnce.add(key);
      received.push({ key, kind: JSON.parse(body).kind, signatureValid, answered });
      res.writeHead(answered).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/huiying`,
        received,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

describe('reminders from workflow timers, delivered by a signed webhook through the outbox', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    h = await startHarness({ timeScale: 200_000, channel: new WebhookChannel(receiver.url, SECRET) });
  });
  afterAll(async () => {
    await h?.stop();
    await receiver?.close();
  });

  test('50 % / 75 % / breach / 通报 each accepted exactly once, signed, after a retried failure', async () => {
    const res = await createViaApi(h);
    const id = res.body.id as string;
    await eventually(async () => (await timelineTypes(h, id)).includes('PUBLIC_NOTICE'), 90_000, '通报');
    const rows = await eventually(async () => {
      const r = await h.prisma.notification.findMany({ where: { requestId: id } });
      // The 通报 is the last step: wait until its delivery exists too, and everything is delivered.
      return r.some((n) => n.kind === 'PUBLIC_NOTICE') && r.every((n) => n.status === 'DELIVERED') ? r : undefined;
    }, 60_000, 'all deliveries');

    const mine = receiver.received.filter((r) => r.key.startsWith(`${id}:`));
    expect(mine.every((r) => r.signatureValid)).toBe(true);
    const accepted = mine.filter((r) => r.answered === 200);
    for (const kind of ['REMINDER_50', 'URGE_75', 'SUPERVISION_ORDER', 'PUBLIC_NOTICE', 'ESCALATED']) {
      expect(accepted.filter((r) => r.kind === kind)).toHaveLength(1);
    }
    // Every key was accepted once, after exactly one refused attempt.
    const keys = new Set(mine.map((r) => r.key));
    expect(accepted).toHaveLength(keys.size);
    expect(mine).toHaveLength(2 * keys.size);
    expect(rows.every((n) => n.attempts === 2 && n.channel === 'webhook')).toBe(true);
  });
});
