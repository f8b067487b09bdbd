import request from 'supertest';
import { startHarness, type Harness } from './harness';

describe('rate limit per token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('the 4th call in a minute with the same token is a 429 in the error shape; another token is unaffected', async () => {
    const app = h.appWith({ rateLimitPerMinute: 3 });
    const a = `Bearer ${await h.token('auditor', undefined, 'a')}`;
    const b = `Bearer ${await h.token('auditor', undefined, 'b')}`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app).get('/v1/requests?limit=1').set('authorization', a)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await request(app).get('/v1/requests?limit=1').set('authorization', a);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await request(app).get('/v1/requests?limit=1').set('authorization', b)).status).toBe(200);
    // Health checks are never limited.
    for (let i = 0; i < 5; i++) expect((await request(app).get('/healthz')).status).toBe(200);
  });
});
