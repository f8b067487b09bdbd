import { Router, type Request } from 'express';
import { z } from 'zod';
import { REQUEST_STATUSES, URGENCIES } from '../../domain/requests/model';
import { REQUEST_ACTION_SPECS, REQUEST_ACTIONS } from '../../domain/requests/actions';
import { methodOf } from '../../domain/shared/action-table';
import { createRequestSchema } from '../../domain/requests/schemas';
import { CREATE_ROLES, UNIT_SCOPED_ROLES } from '../auth/roles';
import { requireRole } from '../auth/middleware';
import type { Principal } from '../auth/tokens';
import { badRequest } from '../errors';
import { queryInstant } from '../query-params';
import { parseOr400 } from '../validate';
import { acceptRequest, type IntakeDeps } from './intake';
import { loadVisibleRequest, presentRow, requestDetail, type QueryDeps } from '../services/request-queries';
import { performAction } from './actions';
import { unitSubtree } from '../services/scope';
import { requestViewFor } from './view-for-caller';

export const listQuerySchema = z.object({
  status: z.enum(REQUEST_STATUSES).optional(),
  unit: z.string().optional().describe('Current unit code (handlers: only within their own subtree)'),
  tier: z.string().optional().describe('Current unit tier: GRID, COMMUNITY, STREET, DISTRICT or DEPARTMENT'),
  category: z.string().optional().describe('事项目录 code'),
  urgency: z.enum(URGENCIES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  createdFrom: queryInstant().optional().describe('Received at or after'),
  createdTo: queryInstant().optional().describe('Received at or before'),
  deadlineFrom: queryInstant().optional().describe('办结 deadline at or after'),
  deadlineTo: queryInstant().optional().describe('办结 deadline at or before'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional().describe('nextCursor of the previous page'),
});

const principal = (req: Request): Principal => req.principal!;
const idempotencyKeySchema = z.string().trim().min(1).max(200);

export function requestRoutes(deps: IntakeDeps & QueryDeps): Router {
  const router = Router();

  router.post('/v1/requests', requireRole(...CREATE_ROLES), async (req, res) => {
    const input = parseOr400(createRequestSchema, req.body);
    const rawKey = req.header('idempotency-key');
    const key = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
    if (key && !key.success) throw badRequest('invalid Idempotency-Key header', [{ field: 'Idempotency-Key', message: 'must be 1–200 characters' }]);
    const who = principal(req);
    const result = await acceptRequest(deps, input, who.subject, key?.data);
    res.status(result.created ? 201 : 200).location(`/v1/requests/${result.view.requestId}`).json({
      id: result.view.requestId,
      status: result.view.status,
      unit: result.view.unit,
      deadlines: result.view.deadlines,
      allowedActions: requestViewFor(who, result.view).allowedActions,
      // Set when the request is accepted but waits, e.g. for calendar data its deadline needs.
      lastError: result.view.lastError,
    });
  });

  router.get('/v1/requests', async (req, res) => {
    const q = parseOr400(listQuerySchema, req.query, 'query');
    const who = principal(req);
    const where: NonNullable<Parameters<typeof deps.prisma.request.findMany>[0]>['where'] = {
      status: q.status,
      tier: q.tier,
      categoryCode: q.category,
      urgency: q.urgency,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      receivedAt: { gte: q.createdFrom ? new Date(q.createdFrom) : undefined, lte: q.createdTo ? new Date(q.createdTo) : undefined },
      resolveDeadline:
        q.deadlineFrom || q.deadlineTo
          ? { gte: q.deadlineFrom ? new Date(q.deadlineFrom) : undefined, lte: q.deadlineTo ? new Date(q.deadlineTo) : undefined }
          : undefined,
    };
    if (UNIT_SCOPED_ROLES.includes(who.role)) {
      const scope = [...(await unitSubtree(deps.prisma, who.unitCode ?? '__none__'))];
      where.currentUnitCode = q.unit ? (scope.includes(q.unit) ? q.unit : '__none__') : { in: scope };
    } else if (q.unit) where.currentUnitCode = q.unit;
    if (who.role === 'intake') where.createdBy = who.subject;
    const rows = await deps.prisma.request.findMany({
      where,
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, q.limit);
    res.json({ items: page.map((row) => presentRow(row, who)), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null });
  });

  router.get('/v1/requests/:id', async (req, res) => {
    const who = principal(req);
    const row = await loadVisibleRequest(deps, req.params.id!, who);
    const detail = await requestDetail(deps, row, who);
    res.json({ ...detail, live: detail.live && requestViewFor(who, detail.live) });
  });

  router.get('/v1/requests/:id/timeline', async (req, res) => {
    const row = await loadVisibleRequest(deps, req.params.id!, principal(req));
    const events = await deps.prisma.requestEvent.findMany({ where: { requestId: row.id }, orderBy: { seq: 'asc' } });
    res.json({
      items: events.map((e) => ({ seq: e.seq, type: e.type, actor: e.actor, at: e.at.toISOString(), reason: e.reason, data: e.data })),
    });
  });

  // One route per entry of the action table, at its path and method.
  for (const action of REQUEST_ACTIONS) {
    const spec = REQUEST_ACTION_SPECS[action];
    router[methodOf(spec)](`/v1/requests/:id/${spec.path}`, async (req, res) => {
      res.json(await performAction(deps, req.params.id!, action, principal(req), req.body));
    });
  }
  return router;
}
