import * as schemas from '../../domain/requests/actions';
import * as defs from '../definitions';
import type { RequestContext } from './context';
import { ruleViolation } from './failures';

/** 签收, 响应, 办理, 办结, 审核, 吹哨 up the ladder, 撤回: the main path of handling a request. */
export function registerHandlingActions(
  c: RequestContext,
  { tellDuplicates, startCallback }: { tellDuplicates: (o: 'REVIEWED' | 'CLOSED') => Promise<void>; startCallback: () => Promise<void> },
): void {
  const { s, now, nowMs, who, record, escalate, action } = c;

  action(defs.signUpdate, 'sign', schemas.signSchema, async (p, a) => {
    s.status = 'SIGNED';
    await record('SIGNED', who(a), p.note, { onTime: !s.deadlines.sign || nowMs() <= Date.parse(s.deadlines.sign) });
  });

  action(defs.respondUpdate, 'respond', schemas.respondSchema, async (p, a) => {
    s.status = 'RESPONDED';
    await record('RESPONDED', who(a), p.note, {
      onTime: !s.deadlines.respond || nowMs() <= Date.parse(s.deadlines.respond),
      contactedAt: p.contactedAt ?? now(),
    });
  });

  action(defs.progressUpdate, 'progress', schemas.progressSchema, async (p, a) => {
    s.status = 'IN_PROGRESS';
    await record('PROGRESS', who(a), p.note);
  });

  action(
    defs.resolveUpdate,
    'resolve',
    schemas.resolveSchema,
    async (p, a) => {
      s.status = 'RESOLVED';
      s.pendingExtension = null;
      s.pendingPause = null;
      s.statusNotes = p.statusNotes;
      await record('RESOLVED', who(a), undefined, {
        statusNotes: p.statusNotes,
        serviceNotice: p.serviceNotice ?? null,
        onTime: !s.deadlines.resolve || nowMs() <= Date.parse(s.deadlines.resolve),
      });
    },
    () => {
      if (s.pendingReports.length) {
        throw ruleViolation(`departments have not reported yet: ${s.pendingReports.join(', ')}`, 'reportsPending');
      }
    },
  );

  action(defs.reviewUpdate, 'review', schemas.reviewSchema, async (p, a) => {
    if (p.decision === 'REDO') {
      s.status = 'IN_PROGRESS';
      await record('REVIEW_REDO', who(a), p.reason);
      return;
    }
    s.status = 'REVIEWED';
    await record('REVIEWED', who(a), p.reason);
    await tellDuplicates('REVIEWED');
    await startCallback();
  });

  action(defs.escalateUpdate, 'escalate', schemas.escalateSchema, async (p, a) => {
    if (!(await escalate(who(a), p.reason, 'WHISTLED'))) {
      throw ruleViolation('already at the top of the ladder (区指挥中心)', 'topOfLadder');
    }
  });

  action(defs.withdrawUpdate, 'withdraw', schemas.withdrawSchema, async (p, a) => {
    s.status = 'WITHDRAWN';
    await record('WITHDRAWN', who(a), p.reason);
    await tellDuplicates('CLOSED');
  });

}
