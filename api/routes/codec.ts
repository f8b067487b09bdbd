import cors from 'cors';
import express, { Router } from 'express';
import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { AesGcmCodec, METADATA_WORKFLOW_ID } from '../../infra/codec/aes-gcm-codec';
import type { KeyRing } from '../../infra/codec/key-ring';
import { payloadFromJson, payloadsJsonSchema, payloadToJson } from '../../infra/codec/payload-json';
import { CODEC_ROLES, endCodecSession, requireCodecReader, startCodecSession } from '../auth/codec-session';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../errors';
import { listDecodes, recordDecode } from '../services/codec-decode-log';
import { parseOr400 } from '../validate';
import { signedInPage, signInPage } from './codec-pages';

export interface CodecRouteDeps {
  prisma: PrismaClient;
  tokens: TokenService;
  codecKeys: KeyRing;
  /** Temporal UI's address: its origin may call the codec with credentials, and sign-in links back to it. */
  temporalUiUrl?: string;
  corsOrigins?: string[];
}

/** Histories carry meeting minutes of up to 8,000 characters per payload; the UI sends many at once. */
const BODY_LIMIT = '4mb';

const signInSchema = z.object({ token: z.string().min(1) });
const logQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeId: z.coerce.number().int().min(1).optional(),
  subject: z.string().min(1).optional(),
  workflowId: z.string().min(1).optional(),
});

/**
 * The codec server Temporal UI decodes through (Temporal's /decode and /encode contract), its
 * sign-in, and the decode log. Mounted before the API's own body parsing and CORS: it has its own
 * body limit, accepts the sign-in form, and answers the UI's credentialed preflights.
 */
export function codecRoutes(deps: CodecRouteDeps): Router {
  const router = Router();
  const codec = new AesGcmCodec({ ring: deps.codecKeys, origin: 'codec-server', markSealed: false });
  const uiOrigin = deps.temporalUiUrl ? new URL(deps.temporalUiUrl).origin : undefined;
  const origins = [...new Set([...(uiOrigin ? [uiOrigin] : []), ...(deps.corsOrigins ?? [])])];
  router.use(
    cors({
      origin: origins,
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Content-Type', 'Authorization', 'Authorization-Extras', 'X-Namespace', 'X-Run-Id'],
      maxAge: 600,
    }),
  );
  router.use(express.json({ limit: BODY_LIMIT }), express.urlencoded({ extended: false, limit: '16kb' }));
  const reader = requireCodecReader(deps.tokens);

  router.get('/sign-in', (_req, res) => {
    res.type('html').send(signInPage());
  });

  // The API has no passwords: staff sign in with the API token their organisation issued them.
  router.post('/sign-in', async (req, res) => {
    const { token } = parseOr400(signInSchema, req.body);
    const principal = await deps.tokens.verify(token).catch(() => {
      throw new HttpError(401, 'UNAUTHENTICATED', 'invalid or expired token');
    });
    if (!CODEC_ROLES.includes(principal.role)) {
      throw new HttpError(403, 'FORBIDDEN', `role ${principal.role} may not read workflow payloads`, { allowedRoles: CODEC_ROLES });
    }
    await startCodecSession(res, req, deps.tokens, principal.subject, principal.role);
    if (req.is('application/json')) res.json({ subject: principal.subject, role: principal.role });
    else res.type('html').send(signedInPage(principal.subject, principal.role, deps.temporalUiUrl));
  });

  router.post('/sign-out', (req, res) => {
    endCodecSession(res, req);
    res.status(204).end();
  });

  router.post('/decode', reader, async (req, res) => {
    const body = parseOr400(payloadsJsonSchema, req.body);
    const workflowIds = new Set<string>();
    const decoded = await Promise.all(
      body.payloads.map(async (json) => {
        const payload = payloadFromJson(json);
        try {
          const [plain] = await codec.decode([payload]);
          const workflowId = payload.metadata?.[METADATA_WORKFLOW_ID];
          if (workflowId) workflowIds.add(Buffer.from(workflowId).toString('utf8'));
          return payloadToJson(plain!);
        } catch {
          // Not ours or no longer decryptable: the UI shows it as it came, and the rest still decode.
          return json;
        }
      }),
    );
    const principal = req.principal!;
    await recordDecode(deps.prisma, {
      subject: principal.subject,
      role: principal.role,
      namespace: req.header('x-namespace') || undefined,
      workflowIds: [...workflowIds],
      runId: req.header('x-run-id') || undefined,
      payloadCount: body.payloads.length,
      origin: req.header('origin') || undefined,
    });
    res.json({ payloads: decoded });
  });

  // Encoded here, payloads are marked as the codec server's: workers decode them but never accept
  // them as inputs (infra/codec/workflow-interceptors.ts), so this endpoint cannot forge updates.
  router.post('/encode', reader, async (req, res) => {
    const body = parseOr400(payloadsJsonSchema, req.body);
    const encoded = await codec.encode(body.payloads.map(payloadFromJson));
    res.json({ payloads: encoded.map(payloadToJson) });
  });

  // Auditors of the auditors: admins read who decoded what.
  router.get('/decode-log', requireCodecReader(deps.tokens, ['admin']), async (req, res) => {
    const q = parseOr400(logQuerySchema, req.query, 'query');
    res.json({ items: await listDecodes(deps.prisma, q) });
  });

  return router;
}
