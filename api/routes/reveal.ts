import { Router, type Request } from 'express';
import { requireRole } from '../auth/middleware';
import type { Principal } from '../auth/tokens';
import { REVEAL_ROLES } from '../privacy/field-policy';
import { consultationValues, requestValues } from '../privacy/reveal';
import { revealConsultationSchema, revealRequestSchema, type RevealResult } from '../privacy/views';
import { loadVisibleItem } from '../services/consultation-queries';
import { loadVisibleRequest, type QueryDeps } from '../services/request-queries';
import { parseOr400 } from '../validate';

const principal = (req: Request): Principal => req.principal!;

/**
 * The explicit reveal: a full personal value for a caller whose role sees it masked, given a
 * written purpose. POST (not GET) so the value never sits in a URL, a proxy log or a browser
 * history, and every call is one decision the access log can show.
 */
export function revealRoutes(deps: QueryDeps): Router {
  const router = Router();

  router.post('/v1/requests/:id/reveal', requireRole(...REVEAL_ROLES), async (req, res) => {
    const input = parseOr400(revealRequestSchema, req.body);
    const row = await loadVisibleRequest(deps, String(req.params.id), principal(req));
    const result: RevealResult = { id: row.id, values: requestValues(row, input.fields), purpose: input.purpose };
    res.json(result);
  });

  router.post('/v1/consultations/:id/reveal', requireRole(...REVEAL_ROLES), async (req, res) => {
    const input = parseOr400(revealConsultationSchema, req.body);
    const row = await loadVisibleItem(deps, String(req.params.id), principal(req));
    const result: RevealResult = { id: row.id, values: consultationValues(row, input.fields), purpose: input.purpose };
    res.json(result);
  });

  return router;
}
