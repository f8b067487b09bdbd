import { Router } from 'express';
import type { AccessLog, Prisma, PrismaClient } from '@prisma/client';
import { accessQuerySchema, ACCESS_ACTIONS, type AccessEntryView } from '../audit/audit-query';
import { authenticate, requireRole } from '../auth/middleware';
import type { TokenService } from '../auth/tokens';
import { parseOr400 } from '../validate';
import type { AccessLogPage, ArchiveVerification } from '../privacy/views';
import { HttpError } from '../errors';
import { verifyChain } from '../../infra/archive-chain';
import { archiveKeysFromEnv, type ArchiveKeys } from '../../infra/archive-keys';

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

export function auditRoutes(deps: { prisma: PrismaClient; tokens: TokenService; archiveKeys?: ArchiveKeys }): Router {
  const router = Router();
  const archiveKeys = deps.archiveKeys ?? archiveKeysFromEnv();
  // The archive chain (一事一档): recomputes every record's hashes and signature in chain order
  // and names the first record that does not hold (domain/archive-chain.ts).
  router.get('/v1/archive/verify', authenticate(deps.tokens), requireRole(...AUDIT_ROLES, 'admin'), async (_req, res) => {
    let keys;
    try {
      keys = await archiveKeys();
    } catch {
      throw new HttpError(503, 'ARCHIVE_KEYS_UNAVAILABLE', 'the archive signing keys are not configured (HUIYING_ARCHIVE_KEYS)');
    }
    const rows = await deps.prisma.consultationArchive.findMany({
      select: {
        itemId: true,
        outcome: true,
        archivedAt: true,
        contentHash: true,
        content: true,
        chainSeq: true,
        prevHash: true,
        recordHash: true,
        signature: true,
        signingKeyId: true,
      },
    });
    const verification: ArchiveVerification = { ...verifyChain(rows, keys), checkedAt: new Date().toISOString() };
    res.json(verification);
  });
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
    const reply: AccessLogPage = { items: page.map(present), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
    res.json(reply);
  });
  return router;
}
