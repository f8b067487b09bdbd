import request from 'supertest';
import { startHarness, type Harness } from './harness';

describe('CORS for configured front-end origins', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  test('a configured origin gets the CORS headers (preflight included); another origin does not', async () => {
    const app = h.appWith({ corsOrigins: ['http://console.example'] });
    const preflight = await request(app)
      .options('/v1/requests')
      .set('origin', 'http://console.example')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type,idempotency-key');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://console.example');
    const simple = await request(app).get('/v1/categories').set('origin', 'http://console.example');
    expect(simple.headers['access-control-allow-origin']).toBe('http://console.example');
    const other = await request(app).get('/v1/categories').set('origin', 'http://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
