/**
 * The supervisor and auditor console (/console) in a real browser (Chromium headless, driven by
 * puppeteer-core), over the real API, worker, Temporal and PostgreSQL: a supervisor sees an
 * overdue request on the board and approves an extension from the page; an auditor's 三率 chart
 * shows in its tooltip the numbers of /v1/metrics/three-rates; a handler is offered no
 * supervisor action. With HUIYING_CONSOLE_SCREENSHOTS set, the pages are saved there as PNGs
 * (the README's screenshots: HUIYING_CONSOLE_SCREENSHOTS=docs/screenshots).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import request from 'supertest';
import { listen, type RunningServer } from '../../api/listen';
import type { Role } from '../../api/auth/roles';
import { beijingTime } from '../../domain/shared/time';
import { freePort } from '../../infra/embedded-postgres';
import { createViaApi, eventually, startHarness, type Harness } from './harness';

/** What scripts/ensure-chromium.sh installed (or CHROMIUM_PATH). */
const chromium = process.env.CHROMIUM_PATH ?? spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
const screenshotDir = process.env.HUIYING_CONSOLE_SCREENSHOTS;

/** The Beijing month of now and its window, as the page asks for it. */
function beijingMonth() {
  const now = new Date(Date.now() + 8 * 3600_000);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const month = `${y}-${String(m).padStart(2, '0')}`;
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { month, from: `${month}-01T00:00:00+08:00`, to: `${next}-01T00:00:00+08:00` };
}

describe('the console (督办考核控制台) in a browser', () => {
  let h: Harness;
  let api: RunningServer;
  let browser: Browser;
  let apiUrl: string;
  let overdueId: string;
  let extensionId: string;
  const itemTitle = `3号楼加装电梯-${Date.now().toString(36)}`;

  const act = async (id: string, action: string, role: Role, body: object, unit?: string, method: 'post' | 'put' = 'post') =>
    request(h.app)[method](`/v1/requests/${id}/${action}`).set('authorization', `Bearer ${await h.token(role, unit)}`).send(body);
  const read = async (path: string, role: Role) => request(h.app).get(path).set('authorization', `Bearer ${await h.token(role)}`);

  async function signedRequest(): Promise<string> {
    const created = await createViaApi(h);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await act(id, 'sign', 'handler', {}, 'S-DHM')).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    h = await startHarness();
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = await listen(h.app, port, '127.0.0.1');
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--lang=zh-CN'] });

    // Overdue: a supervisor sets the deadline a second ahead and the breach follows.
    overdueId = await signedRequest();
    const soon = new Date(Date.now() + 1000).toISOString();
    expect((await act(overdueId, 'deadline', 'supervisor', { deadline: soon, reason: '限时办理' }, undefined, 'put')).status).toBe(200);
    // Waiting for an extension decision.
    extensionId = await signedRequest();
    expect((await act(extensionId, 'extension', 'handler', { amount: 2, unit: 'workday', reason: '需协调多部门' }, 'S-DHM')).status).toBe(200);
    // Responded on time: the month's 响应率 has a numerator.
    const responded = await signedRequest();
    expect((await act(responded, 'respond', 'handler', {}, 'S-DHM')).status).toBe(200);
    // A consultation item collected (集).
    const item = await request(h.app)
      .post('/v1/consultations')
      .set('authorization', `Bearer ${await h.token('intake')}`)
      .send({ communityCode: 'C-DFX', title: itemTitle, description: '居民提出加装电梯', source: 'COMMUNITY', track: 'DEEP' });
    expect(item.status).toBe(201);
    await eventually(
      async () => ((await read('/v1/reports/overdue', 'supervisor')).body.items as { id: string }[]).some((r) => r.id === overdueId),
      30_000,
      'the breach in the overdue report',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await h?.stop();
  });

  async function signIn(role: Role, unit?: string): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`${apiUrl}/console`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.type('#token', await h.token(role, unit));
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/console');
    await page.waitForFunction(() => document.body.dataset.role !== undefined);
    return page;
  }

  /** Opens a section and waits for its next load to finish. */
  async function open(page: Page, hash: string, section = hash): Promise<void> {
    const before = await page.evaluate((s) => document.getElementById(s)?.dataset.loads ?? '0', section);
    await page.evaluate((to) => (window.location.hash = to), hash);
    await page.waitForFunction((s, b) => (document.getElementById(s)?.dataset.loads ?? '0') !== b, { timeout: 60_000 }, section, before);
  }

  async function shot(page: Page, name: string, selector: string): Promise<void> {
    if (!screenshotDir) return;
    fs.mkdirSync(screenshotDir, { recursive: true });
    const element = await page.$(selector);
    await element!.screenshot({ path: path.join(screenshotDir, `console-${name}.png`) });
  }

  const text = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);

  test('a supervisor sees the overdue request on the board and approves an extension from the page', async () => {
    const page = await signIn('supervisor');
    await page.waitForFunction((id) => document.getElementById('board')?.innerText.includes(id), { timeout: 60_000 }, overdueId);
    expect(await text(page, '#board')).toContain('超期');
    await shot(page, 'board', '#board');

    // The request's page, from its link on the board: a deadline in the past is refused by the
    // workflow's validator, and the page says why.
    const loads = await page.evaluate(() => document.getElementById('request')?.dataset.loads ?? '0');
    await page.click(`#board a[href="#request/${overdueId}"]`);
    await page.waitForFunction((b) => (document.getElementById('request')?.dataset.loads ?? '0') !== b, { timeout: 60_000 }, loads);
    await page.$eval('#override-deadline', (e) => ((e as HTMLInputElement).value = '2020-01-06T09:00'));
    await page.type('#override-reason', '测试过去的期限');
    await page.click('#request form button[type=submit]');
    await page.waitForSelector('#request form p.problem');
    expect(await text(page, '#request form p.problem')).toContain('deadlineInPast');

    // Cards appear as the requests' views answer, newest first (the run's other requests may be slow to answer).
    await page.evaluate(() => (window.location.hash = 'decisions'));
    const card = `.decision[data-request="${extensionId}"][data-action="decideExtension"]`;
    await page.waitForSelector(card, { timeout: 60_000 });
    const before = (await read(`/v1/requests/${extensionId}`, 'supervisor')).body.deadlines.resolve as string;
    // Without the required opinion the API's validator refuses, and the page says which field.
    await page.focus(`${card} button.approve`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${card} .outcome.problem`);
    expect(await text(page, `${card} .outcome`)).toContain('reason');
    await page.type(`${card} textarea`, '同意延期两个工作日');
    await page.focus(`${card} button.approve`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${card} .outcome.done`, { timeout: 30_000 });

    const after = await read(`/v1/requests/${extensionId}`, 'supervisor');
    expect(after.body.live.extensionsApproved).toBe(1);
    const deadline = after.body.deadlines.resolve as string;
    expect(Date.parse(deadline)).toBeGreaterThan(Date.parse(before));
    expect(await text(page, `${card} .outcome`)).toContain(beijingTime(deadline));
    await shot(page, 'decision', card);
    await page.browserContext().close();
  });

  test("an auditor's 三率 tooltip shows the numbers of /v1/metrics/three-rates for the month", async () => {
    const page = await signIn('auditor');
    expect(await page.$('nav button[data-tab="decisions"]')).toBeNull();
    await open(page, 'rates');
    const { month, from, to } = beijingMonth();
    expect(await page.$eval('#rates-month', (e) => (e as HTMLInputElement).value)).toBe(month);
    const report = await read(`/v1/metrics/three-rates?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=unit`, 'auditor');
    expect(report.status).toBe(200);
    type Rate = { numerator: number; denominator: number };
    const groups = report.body.groups as { key: string; response: Rate; resolve: Rate; satisfy: Rate }[];
    const index = groups.findIndex((g) => g.key === 'S-DHM');
    expect(index).toBeGreaterThanOrEqual(0);
    const expected = groups[index]!;
    expect(expected.response.numerator).toBeGreaterThan(0);

    // Hover the unit's bars where the chart draws them.
    const point = await page.evaluate((i) => {
      const node = document.getElementById('rates-chart')!;
      const chart = (window as unknown as { echarts: { getInstanceByDom(n: HTMLElement): { convertToPixel(f: object, v: number[]): number[] } } }).echarts.getInstanceByDom(node);
      const [x, y] = chart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [i, 10]);
      const box = node.getBoundingClientRect();
      return { x: box.left + x!, y: box.top + y! };
    }, index);
    await page.mouse.move(point.x, point.y);
    const tooltip = await eventually(
      async () => {
        const t = await page.evaluate(() => {
          const tip = document.querySelector<HTMLElement>('.rates-chart-tooltip');
          return tip && getComputedStyle(tip).display !== 'none' ? tip.innerText : '';
        });
        return t.includes('响应率') ? t : undefined;
      },
      10_000,
      'the 三率 tooltip',
    );
    for (const [name, rate] of [['响应率', expected.response], ['解决率', expected.resolve], ['满意率', expected.satisfy]] as const) {
      const shown = new RegExp(`${name} [^（]*（(\\d+)/(\\d+)）`).exec(tooltip);
      expect(shown).not.toBeNull();
      expect({ numerator: Number(shown![1]), denominator: Number(shown![2]) }).toEqual({ numerator: rate.numerator, denominator: rate.denominator });
    }
    // The table view says the same.
    expect(await text(page, '#rates-table')).toContain(`（${expected.response.numerator}/${expected.response.denominator}）`);
    await shot(page, 'rates', '#rates');

    // The 通报 and 议事协商 sections load from their endpoints without a failure shown.
    for (const tab of ['notices', 'consultations']) {
      await open(page, tab);
      expect(await page.$(`#${tab} .problem`)).toBeNull();
      expect(await text(page, `#${tab}-body`)).not.toBe('');
    }
    const consultations = await text(page, '#consultations-body');
    expect(consultations).toContain(itemTitle);
    expect(consultations).toContain('集（');
    await page.browserContext().close();
  });

  test('a handler is offered no supervisor action', async () => {
    const page = await signIn('handler', 'S-DHM');
    await page.waitForFunction(() => document.getElementById('board')?.dataset.loads !== undefined, { timeout: 60_000 });
    for (const tab of ['decisions', 'rates', 'notices']) expect(await page.$(`nav button[data-tab="${tab}"]`)).toBeNull();
    expect(await page.$('nav button[data-tab="board"]')).not.toBeNull();
    await open(page, `request/${extensionId}`, 'request');
    expect(await text(page, '#request')).toContain(extensionId);
    expect(await page.$$('#request .decision, #request button.approve, #override-deadline')).toHaveLength(0);
    await shot(page, 'handler', 'body');
    // Asked directly, the page's own API path refuses the decision too.
    const refused = await page.evaluate(async (id) => {
      const res = await fetch(`/console/api/v1/requests/${id}/extension/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-huiying-console': '1' },
        body: JSON.stringify({ approve: true, reason: '越权' }),
      });
      return res.status;
    }, extensionId);
    expect(refused).toBe(403);
    await page.browserContext().close();
  });

  test('the console API path needs the session cookie, and the header for changes', async () => {
    expect((await request(h.app).get('/console/api/v1/reports/overdue')).status).toBe(401);
    const bad = await request(h.app).post('/console/sign-in').type('form').send({ token: 'not-a-token' });
    expect(bad.status).toBe(401);
    const signIn = await request(h.app).post('/console/sign-in').type('form').send({ token: await h.token('supervisor') });
    expect(signIn.status).toBe(303);
    const cookies = ([] as string[]).concat(signIn.headers['set-cookie'] ?? []);
    const consoleCookie = cookies.find((c) => c.startsWith('huiying_console_session='))!;
    expect(consoleCookie).toMatch(/HttpOnly/);
    expect(consoleCookie).toMatch(/Path=\/console/);
    // A supervisor may not read payloads: no codec cookie.
    expect(cookies.some((c) => c.startsWith('huiying_codec_session='))).toBe(false);
    const session = consoleCookie.split(';')[0]!;
    expect((await request(h.app).get('/console/api/v1/reports/overdue').set('cookie', session)).status).toBe(200);
    // Only /v1 is forwarded, dot segments included.
    expect((await request(h.app).get('/console/api/v1/%2e%2e/codec/decode-log').set('cookie', session)).status).toBe(404);
    expect((await request(h.app).get('/console/api/healthz').set('cookie', session)).status).toBe(404);
    const noHeader = await request(h.app).post(`/console/api/v1/requests/${overdueId}/escalate`).set('cookie', session).send({ reason: 'x' });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error.details).toEqual({ header: 'x-huiying-console' });
    // An auditor's one sign-in also opens the codec.
    const auditor = await request(h.app).post('/console/sign-in').type('form').send({ token: await h.token('auditor') });
    const codecCookie = ([] as string[]).concat(auditor.headers['set-cookie'] ?? []).find((c) => c.startsWith('huiying_codec_session='))!;
    expect(codecCookie).toMatch(/Path=\/codec/);
    expect((await request(h.app).post('/codec/decode').set('cookie', codecCookie.split(';')[0]!).send({ payloads: [] })).status).toBe(200);
  });
});
