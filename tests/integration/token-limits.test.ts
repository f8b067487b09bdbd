import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SignJWT } from 'jose';
import { startHarness, type Harness } from './harness';

/** Tokens need exp, iat and sub within a maximum age; the rate limit keys on the verified subject. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => h?.stop());

const SECRET = new TextEncoder().encode('test-secret-that-is-long-enough-for-hs256!');
const sign = (build: (jwt: SignJWT) => SignJWT) =>
  build(new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('huiying').setAudience('huiying-api')).sign(SECRET);
const get = (auth: string) => request(h.app).get('/v1/requests?limit=1').set('authorization', `Bearer ${auth}`);

test('a token without exp, without sub, living longer than 12 h or older than 12 h is refused', async () => {
  const now = Math.floor(Date.now() / 1000);
  expect((await get(await sign((j) => j.setSubject('a').setIssuedAt().setExpirationTime('1h')))).status).toBe(200);
  const cases = {
    noExp: await sign((j) => j.setSubject('a').setIssuedAt()),
    noSub: await sign((j) => j.setIssuedAt().setExpirationTime('1h')),
    noIat: await sign((j) => j.setSubject('a').setExpirationTime('1h')),
    tooLong: await sign((j) => j.setSubject('a').setIssuedAt().setExpirationTime('13h')),
    tooOld: await sign((j) => j.setSubject('a').setIssuedAt(now - 13 * 3600).setExpirationTime(now + 3600)),
  };
  for (const [name, token] of Object.entries(cases)) {
    const res = await get(token);
    expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED' });
  }
});

test('random Authorization headers do not escape the limit; a verified subject has its own bucket', async () => {
  const app = h.appWith({ rateLimitPerMinute: 3 });
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await request(app).get('/v1/requests?limit=1').set('authorization', `Bearer ${randomBytes(16).toString('hex')}`)).status);
  }
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
  const limited = await request(app).get('/v1/requests?limit=1').set('authorization', 'Basic x');
  expect(limited.status).toBe(429);
  const verified = await request(app).get('/v1/requests?limit=1').set('authorization', `Bearer ${await h.token('auditor', undefined, 'limit-subject')}`);
  expect(verified.status).toBe(200);
});
