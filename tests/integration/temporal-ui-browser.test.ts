/**
 * Temporal UI, in a real browser (Chromium headless, driven by puppeteer-core): an auditor who
 * signed in on the API's codec page reads a handler's note in a request's history; a browser
 * that did not sign in sees only ciphertext. `npm test` installs Chromium when it is missing
 * (scripts/ensure-chromium.sh); CHROMIUM_PATH points elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import request from 'supertest';
import { listen, type RunningServer } from '../../api/listen';
import { freePort } from '../../infra/embedded-postgres';
import { findTemporalCli } from '../../infra/temporal-cli';
import { startTemporalDevServer, type DevServerHandle } from '../../infra/temporal-dev-server';
import { createViaApi, eventually, sampleRequest, startHarness, type Harness } from './harness';

const marker = `UI-NOTE-MARK-${randomBytes(4).toString('hex')}`;
/** What scripts/ensure-chromium.sh installed (or CHROMIUM_PATH). */
const chromium = process.env.CHROMIUM_PATH ?? spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
/** Screenshots go here when HUIYING_SCREENSHOTS is set (kept out of the repository). */
const screenshotDir = process.env.HUIYING_SCREENSHOTS;

describe('Temporal UI decodes payloads through the codec server for signed-in auditors only', () => {
  let h: Harness;
  let server: DevServerHandle;
  let api: RunningServer;
  let browser: Browser;
  let apiUrl: string;
  let workflowId: string;
  /** The UI's own page of the 'sign' update's accepted event (…/<runId>/history/events/<eventId>). */
  let eventPath: string;

  beforeAll(async () => {
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    server = await startTemporalDevServer({
      cliPath: findTemporalCli()!,
      port: await freePort(),
      uiPort: await freePort(),
      uiCodecEndpoint: `${apiUrl}/codec`,
    });
    h = await startHarness({ temporalAddress: server.address });
    api = await listen(h.appWith({ temporalUiUrl: server.uiUrl }), apiPort, '127.0.0.1');
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });

    const created = await createViaApi(h, sampleRequest());
    expect(created.status).toBe(201);
    workflowId = created.body.id as string;
    const signed = await request(h.app)
      .post(`/v1/requests/${workflowId}/sign`)
      .set('authorization', `Bearer ${await h.token('handler', 'S-DHM')}`)
      .send({ note: marker });
    expect(signed.status).toBe(200);

    // The event's own route shows its details without a click on the history list, which the
    // UI re-renders while the workflow runs (a click could be swallowed by that re-render).
    const handle = h.client.workflow.getHandle(workflowId);
    const { runId } = await handle.describe();
    const { events } = await handle.fetchHistory();
    const accepted = (events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'sign');
    expect(accepted).toHaveLength(1);
    eventPath = `/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/history/events/${String(accepted[0]!.eventId)}`;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await h?.stop();
    await server?.stop();
  });

  /**
   * The dev server's UI takes the codec endpoint but not "include credentials" (its CLI has no
   * flag for it), so the browser opts in as an auditor does once in the UI's Codec Server
   * settings: these are the three values that dialog stores.
   */
  async function useCodecWithCredentials(page: Page): Promise<void> {
    await page.goto(server.uiUrl!, { waitUntil: 'domcontentloaded' });
    await page.evaluate((endpoint) => {
      localStorage.setItem('endpoint', JSON.stringify(endpoint));
      localStorage.setItem('includeCredentials', 'true');
      localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
    }, `${apiUrl}/codec`);
  }

  /** The page of the 'sign' update's accepted event, whose input is the handler's note, as text. */
  async function historyText(page: Page, shot: string, awaited: string): Promise<string> {
    // The UI polls while a workflow runs, so the network never goes idle: wait for the page's content.
    await page.goto(`${server.uiUrl}${eventPath}`, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction((id) => document.body.innerText.includes(id), { timeout: 30_000 }, workflowId);
    // Then give the UI's codec call time to answer (it is slow on a loaded machine).
    await page.waitForFunction((t) => document.body.innerText.includes(t), { timeout: 20_000 }, awaited).catch(() => undefined);
    const text = await page.evaluate(() => document.body.innerText);
    if (process.env.HUIYING_UI_DUMP) fs.writeFileSync(path.join(process.env.HUIYING_UI_DUMP, `${shot}-${Date.now()}.txt`), text);
    if (screenshotDir) {
      fs.mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotDir, `${shot}.png`), fullPage: true });
    }
    return text;
  }

  test('an auditor signed in on /codec/sign-in reads the decoded note in the history', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${apiUrl}/codec/sign-in`);
    await page.type('#token', await h.token('auditor'));
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.evaluate(() => document.body.innerText)).toContain('Signed in');
    await useCodecWithCredentials(page);
    const text = await eventually(async () => {
      const t = await historyText(page, 'auditor-signed-in', marker);
      return t.includes(marker) ? t : undefined;
    }, 60_000, 'the decoded note in Temporal UI');
    expect(text).toContain(marker);
    expect(await h.prisma.codecDecodeLog.count({ where: { subject: 'auditor-tester', workflowIds: { has: workflowId } } })).toBeGreaterThan(0);
    await context.close();
  });

  test('a browser that did not sign in sees ciphertext, never the note', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await useCodecWithCredentials(page);
    const text = await historyText(page, 'not-signed-in', Buffer.from('binary/encrypted').toString('base64'));
    expect(text).toContain(workflowId);
    // The opened update shows its payload as the ciphertext the codec left undecoded.
    expect(text).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(text).not.toContain(marker);
    await context.close();
  });
});
