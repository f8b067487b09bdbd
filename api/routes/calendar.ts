import { Router, type RequestHandler } from 'express';
import type { TokenService } from '../auth/tokens';
import { calendarDaysSchema } from '../../domain/catalogue-schemas';
import { chineseDaysCalendar } from '../../activities/shared/calendar-cn';
import { authenticate, requireRole } from '../auth/middleware';
import { nudgeWaitingWorkflows, workflowsWaitingOnCalendar, type CalendarDeps } from '../services/calendar-nudge';
import { parseOr400 } from '../validate';
import type { CalendarLoadResult, CalendarStatus } from '../calendar-views';

/**
 * The statutory calendar's operator side: the days loaded on top of the packaged data, how far
 * the data reaches and who counts provisionally beyond it, and loading the next year's notice
 * (which has every provisional deadline recounted at once).
 */
export function calendarRoutes(deps: CalendarDeps & { tokens: TokenService }): Router {
  const router = Router();
  const admin: RequestHandler[] = [authenticate(deps.tokens), requireRole('admin')];

  router.get('/v1/calendar/days', ...admin, async (_req, res) => {
    const rows = await deps.prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
    res.json({ items: rows.map((r) => ({ date: r.date, work: r.work, name: r.name })) });
  });

  router.get('/v1/calendar/status', ...admin, async (_req, res) => {
    const rows = await deps.prisma.calendarDay.findMany();
    const data = chineseDaysCalendar(rows.map((r) => ({ date: r.date, work: r.work })));
    const waiting = await workflowsWaitingOnCalendar(deps.prisma);
    const status: CalendarStatus = {
      calendarVersion: data.version,
      coveredFrom: data.coveredFrom,
      coveredUntil: data.coveredUntil,
      provisionalRule: 'Monday–Friday working, no holidays, past coveredUntil',
      openRequestsWithProvisionalDeadlines: waiting.requests.length,
      openItemsWithProvisionalDeadlines: waiting.items.length,
    };
    res.json(status);
  });

  /** Loads a holiday notice, then has every waiting or provisional workflow recount. */
  router.put('/v1/calendar/days', ...admin, async (req, res) => {
    const input = parseOr400(calendarDaysSchema, req.body);
    await deps.prisma.$transaction(
      input.days.map((d) =>
        deps.prisma.calendarDay.upsert({
          where: { date: d.date },
          create: { date: d.date, work: d.work, name: d.name || input.source },
          update: { work: d.work, name: d.name || input.source },
        }),
      ),
    );
    const nudged = await nudgeWaitingWorkflows(deps);
    const result: CalendarLoadResult = {
      loaded: input.days.length,
      source: input.source,
      nudged: nudged.requests + nudged.items,
      nudgedRequests: nudged.requests,
      nudgedItems: nudged.items,
    };
    res.json(result);
  });
  return router;
}
