import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Prisma } from '@prisma/client';
import { CONSULTATION_STATUSES, CONSULTATION_STEPS, CONSULTATION_TRACKS, statusesInStep } from '../../domain/consultations/model';
import { CONSULTATION_ACTION_SPECS, CONSULTATION_ACTIONS } from '../../domain/consultations/actions';
import { methodOf } from '../../domain/shared/action-table';
import { createConsultationSchema, putCatalogueSchema } from '../../domain/consultations/schemas';
import type { ConsultationTimeline, CreatedConsultation } from '../../domain/consultations/views';
import { requireRole } from '../auth/middleware';
import { CONSULTATION_ADMIN_ROLES, CONSULTATION_CREATE_ROLES } from '../auth/roles';
import type { Principal } from '../auth/tokens';
import { badRequest, forbidden } from '../errors';
import { loadArchive, renderArchiveHtml } from './archive';
import { getCatalogue, putCatalogue } from '../services/consultation-catalogue';
import { performConsultationAction } from './actions';
import { collectItem, type ConsultationIntakeDeps } from './intake';
import {
  inCommunityScope,
  itemDetail,
  loadVisibleItem,
  presentItem,
  progressOf,
  visibleCommunities,
  type ConsultationPage,
  type ConsultationQueryDeps,
} from '../services/consultation-queries';
import { consultationViewFor } from '../requests/view-for-caller';
import { parseOr400 } from '../validate';

export const consultationListQuerySchema = z.object({
  status: z.enum(CONSULTATION_STATUSES).optional(),
  community: z.string().optional(),
  track: z.enum(CONSULTATION_TRACKS).optional(),
  step: z.enum(CONSULTATION_STEPS).optional().describe('One of the eight steps; 督 runs alongside 办 and matches the items in 办'),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

const principal = (req: Request): Principal => req.principal!;
const idempotencyKeySchema = z.string().trim().min(1).max(200);

/** 社区议事协商 items, their step actions and archive, and the 五议五不议 catalogue. */
export function consultationRoutes(deps: ConsultationIntakeDeps & ConsultationQueryDeps): Router {
  const router = Router();

  router.post('/v1/consultations', requireRole(...CONSULTATION_CREATE_ROLES), async (req, res) => {
    const input = parseOr400(createConsultationSchema, req.body);
    const rawKey = req.header('idempotency-key');
    const key = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
    if (key && !key.success) {
      throw badRequest('invalid Idempotency-Key header', [{ field: 'Idempotency-Key', message: 'must be 1–200 characters' }]);
    }
    const result = await collectItem(deps, input, principal(req), key?.data);
    const v = result.view;
    const created: CreatedConsultation = {
      id: v.itemId,
      status: v.status,
      statusLabel: v.statusLabel,
      step: v.step,
      track: v.track,
      takeUpDeadline: v.takeUpDeadline,
      expiresAt: v.expiresAt,
      allowedActions: consultationViewFor(principal(req), v).allowedActions,
    };
    res
      .status(result.created ? 201 : 200)
      .location(`/v1/consultations/${v.itemId}`)
      .json(created);
  });

  router.get('/v1/consultations', async (req, res) => {
    const q = parseOr400(consultationListQuerySchema, req.query, 'query');
    const who = principal(req);
    const scope = await visibleCommunities(deps.prisma, who);
    const where: Prisma.ConsultationItemWhereInput = {
      // By status, not the stored step column: 督 has no status of its own (it runs alongside 办).
      AND: [q.status ? { status: q.status } : {}, q.step ? { status: { in: statusesInStep(q.step) } } : {}],
      track: q.track,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    };
    if (scope) where.communityCode = q.community ? (scope.includes(q.community) ? q.community : '__none__') : { in: scope };
    else if (q.community) where.communityCode = q.community;
    const rows = await deps.prisma.consultationItem.findMany({
      where,
      orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, q.limit);
    const reply: ConsultationPage = {
      items: page.map((row) => presentItem(row, who)),
      nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null,
    };
    res.json(reply);
  });

  router.get('/v1/consultations/:id', async (req, res) => {
    const who = principal(req);
    const row = await loadVisibleItem(deps, req.params.id!, who);
    const detail = await itemDetail(deps, row, who);
    res.json({ ...detail, live: detail.live && consultationViewFor(who, detail.live) });
  });

  router.get('/v1/consultations/:id/timeline', async (req, res) => {
    const row = await loadVisibleItem(deps, req.params.id!, principal(req));
    const events = await deps.prisma.consultationEvent.findMany({ where: { itemId: row.id }, orderBy: { seq: 'asc' } });
    const timeline: ConsultationTimeline = {
      items: events.map((e) => ({ seq: e.seq, type: e.type, actor: e.actor, at: e.at.toISOString(), reason: e.reason, data: e.data })),
    };
    res.json(timeline);
  });

  // 督: progress checkpoints as a dated timeline (Decidim accountability style).
  router.get('/v1/consultations/:id/progress', async (req, res) => {
    const row = await loadVisibleItem(deps, req.params.id!, principal(req));
    res.json(await progressOf(deps.prisma, row));
  });

  // 备: the archive record, as JSON and as a printable document.
  router.get('/v1/consultations/:id/archive.json', async (req, res) => {
    const row = await loadVisibleItem(deps, req.params.id!, principal(req));
    res.json(await loadArchive(deps.prisma, row.id));
  });
  router.get('/v1/consultations/:id/archive.html', async (req, res) => {
    const row = await loadVisibleItem(deps, req.params.id!, principal(req));
    const archive = await loadArchive(deps.prisma, row.id);
    res
      .type('html')
      .setHeader('content-disposition', `inline; filename="${row.id}.html"`)
      .send(renderArchiveHtml(archive));
  });

  // One route per entry of the action table, at its path and method.
  for (const action of CONSULTATION_ACTIONS) {
    const spec = CONSULTATION_ACTION_SPECS[action];
    router[methodOf(spec)](`/v1/consultations/:id/${spec.path}`, async (req, res) => {
      res.json(await performConsultationAction(deps, req.params.id!, action, principal(req), req.body));
    });
  }

  // 五议五不议 catalogue: readable by every signed-in role within scope, replaced by admins.
  router.get('/v1/consultation-catalogue/:communityCode', async (req, res) => {
    const who = principal(req);
    if (!(await inCommunityScope(deps.prisma, who, req.params.communityCode!))) {
      throw forbidden(`community ${req.params.communityCode} is outside your scope`);
    }
    res.json(await getCatalogue(deps.prisma, req.params.communityCode!));
  });
  router.put('/v1/consultation-catalogue/:communityCode', requireRole(...CONSULTATION_ADMIN_ROLES), async (req, res) => {
    const input = parseOr400(putCatalogueSchema, req.body);
    res.json(await putCatalogue(deps.prisma, String(req.params.communityCode), input));
  });

  return router;
}
