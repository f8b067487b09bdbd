import { Router } from 'express';
import type { PrismaClient } from '@prisma/client';
import { publicReplySchema } from '../../domain/requests/schemas';
import { requireRole } from '../auth/middleware';
import { notFound } from '../errors';
import { parseOr400 } from '../validate';
import type { PublicReplyResult } from '../privacy/views';

/**
 * The 12345 platform (dispatcher) writes or approves the one text Open311 publishes for a
 * request. It is separate from the handler's 办结 reply, which is written to the citizen and may
 * name neighbours or health details; nothing reaches the public record without this step.
 */
export const PUBLIC_REPLY_ROLES = ['dispatcher'] as const;

export function publicReplyRoutes(deps: { prisma: PrismaClient }): Router {
  const router = Router();
  router.put('/v1/requests/:id/public-reply', requireRole(...PUBLIC_REPLY_ROLES), async (req, res) => {
    const input = parseOr400(publicReplySchema, req.body);
    const id = String(req.params.id);
    const who = req.principal!;
    const exists = await deps.prisma.request.findUnique({ where: { id }, select: { id: true } });
    if (!exists) throw notFound(`request ${id}`);
    const row = await deps.prisma.request.update({
      where: { id },
      data: { publicReply: input.text, publicReplyBy: `${who.role}:${who.subject}`, publicReplyAt: new Date() },
    });
    const reply: PublicReplyResult = {
      id: row.id,
      text: row.publicReply ?? input.text,
      approvedBy: row.publicReplyBy,
      approvedAt: row.publicReplyAt?.toISOString() ?? null,
    };
    res.json(reply);
  });
  return router;
}
