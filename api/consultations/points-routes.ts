import { Router, type Request } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '@prisma/client';
import { personIdSchema, reversalSchema } from '../../domain/consultations/schemas';
import type { PointReversalResult } from '../../domain/consultations/views';
import { requireRole } from '../auth/middleware';
import { CONSULTATION_ADMIN_ROLES } from '../auth/roles';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../validate';
import { pointsOf, reverseEntry } from './points';

const principal = (req: Request): Principal => req.principal!;
const paramsSchema = z.object({ residentId: personIdSchema });
const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) });

/** 治理积分: a resident's balance and history; admins correct with reversal entries. */
export function pointsRoutes(deps: { prisma: PrismaClient }): Router {
  const router = Router();

  router.get('/v1/points/:residentId', async (req, res) => {
    const { residentId } = parseOr400(paramsSchema, req.params, 'query');
    const { limit } = parseOr400(querySchema, req.query, 'query');
    res.json(await pointsOf(deps.prisma, residentId, limit));
  });

  router.post('/v1/points/:residentId/reversals', requireRole(...CONSULTATION_ADMIN_ROLES), async (req, res) => {
    const { residentId } = parseOr400(paramsSchema, req.params, 'query');
    const input = parseOr400(reversalSchema, req.body);
    const who = principal(req);
    const result = await reverseEntry(deps.prisma, residentId, input, `${who.role}:${who.subject}`);
    const balance = (await pointsOf(deps.prisma, residentId, 1)).balance;
    const reply: PointReversalResult = { ...result.entry, balance };
    res.status(result.created ? 201 : 200).json(reply);
  });

  return router;
}
