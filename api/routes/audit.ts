import { Router } from 'express';
import type { AccessLog, Prisma, PrismaClient } from '@prisma/client';
import { accessQuerySchema, ACCESS_ACTIONS, type AccessEntryView } from '../audit/audit-query';
import { authenticate, requireRole } from '../auth/middleware';
import type { TokenService } from '../auth/tokens';
import { parseOr400 } from '../validate';

/** Auditors read the access log; nobody writes it through the API (model AccessLog is append-only). */
export const AUDIT_ROLES = ['auditor'] as const;

const actionOf = (value: string): AccessEntryView['action'] => ACCESS_ACTIONS.find((a) => a === value) ?? 'READ';

function present(row: AccessLog): AccessEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    subject: row.subject,
    role: row.role,
    unitCode: row.unitCode,
    action: actionOf(row.action),
    endpoint: row.endpoint,
    status: row.status,
    recordIds: row.recordIds,
    fields: row.fields,
    maskedFields: row.maskedFields,
    purpose: row.purpose,
    change: row.change,
  };
}

export function auditRoutes(deps: { prisma: PrismaClient; tokens: TokenService }): Router {
  const router = Router();
  router.get('/v1/audit/access', authenticate(deps.tokens), requireRole(...AUDIT_ROLES), async (req, res) => {
    const q = parseOr400(accessQuerySchema, req.query, 'query');
    const where: Prisma.AccessLogWhereInput = {
      subject: q.subject,
      action: q.action,
      recordIds: q.record ? { has: q.record } : undefined,
      at: { gte: q.from ? new Date(q.from) : undefined, lt: q.to ? new Date(q.to) : undefined },
      id: q.cursor ? { lt: q.cursor } : undefined,
    };
    const rows = await deps.prisma.accessLog.findMany({ where, orderBy: { id: 'desc' }, take: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    res.json({ items: page.map(present), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null });
  });
  return router;
}
