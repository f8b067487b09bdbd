import path from 'node:path';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { consoleSessionToken, endSession, startSession } from '../auth/codec-session';
import type { Principal, TokenService } from '../auth/tokens';
import { HttpError } from '../errors';
import { labelsModule } from './labels-module';
import { consoleSignInPage } from './sign-in-page';

export interface ConsoleDeps {
  tokens: TokenService;
  namespace: string;
  /** Temporal UI's address: the board links each request to its history there. */
  temporalUiUrl?: string;
}

/** The page's files (html, css, browser modules), served as files so the CSP needs no inline script. */
const PUBLIC_DIR = path.join(__dirname, 'public');
/** ECharts' prebuilt browser build, straight from the npm package. */
const ECHARTS_FILE = require.resolve('echarts/dist/echarts.min.js');

const signInSchema = z.object({ token: z.string().trim().min(1) });

async function sessionOf(req: Request, tokens: TokenService): Promise<Principal | undefined> {
  const token = consoleSessionToken(req);
  return token ? tokens.verify(token).catch(() => undefined) : undefined;
}

/**
 * The supervisor and auditor console (督办考核控制台): its sign-in, its session and its files. The
 * page reads and acts only through the API (api/console/api-bridge.ts); this router holds no data.
 */
export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get('/console', async (req, res) => {
    if (!(await sessionOf(req, deps.tokens))) return res.redirect(303, '/console/sign-in');
    res.setHeader('cache-control', 'no-store');
    res.sendFile(path.join(PUBLIC_DIR, 'index.html'));
  });

  router.get('/console/sign-in', (_req, res) => {
    res.type('html').send(consoleSignInPage());
  });

  // No passwords: staff sign in with the API token their organisation issued them, any role.
  router.post('/console/sign-in', form, async (req, res) => {
    const input = signInSchema.safeParse(req.body);
    if (!input.success) return res.status(400).type('html').send(consoleSignInPage('请填写 API 令牌。'));
    const who = await deps.tokens.verify(input.data.token).catch(() => undefined);
    if (!who) return res.status(401).type('html').send(consoleSignInPage('令牌无效或已过期，请向所在单位重新申领。'));
    await startSession(res, req, deps.tokens, who);
    res.redirect(303, '/console');
  });

  router.post('/console/sign-out', (req, res) => {
    endSession(res, req);
    res.redirect(303, '/console/sign-in');
  });

  // Who is signed in, for the page to show only what the role may see.
  router.get('/console/session', async (req, res) => {
    const who = await sessionOf(req, deps.tokens);
    if (!who) throw new HttpError(401, 'UNAUTHENTICATED', 'sign in at /console/sign-in');
    res.setHeader('cache-control', 'no-store');
    res.json({
      subject: who.subject,
      role: who.role,
      unitCode: who.unitCode ?? null,
      temporalUi: deps.temporalUiUrl ? { url: deps.temporalUiUrl, namespace: deps.namespace } : null,
    });
  });

  const labels = labelsModule();
  router.get('/console/assets/labels.js', (_req, res) => {
    res.type('text/javascript').send(labels);
  });
  router.get('/console/assets/echarts.min.js', (_req, res) => {
    res.sendFile(ECHARTS_FILE, { maxAge: '1d' });
  });
  router.use('/console/assets', express.static(PUBLIC_DIR, { index: false, fallthrough: true }));
  return router;
}
