/** 签收, 响应, 办理, 办结, 审核, 上报 up the ladder, 撤回: the main path of handling a request. */
import { actorLabel as who } from '../../shared/update-failures';
import { startCallback } from '../closing-steps';
import { tellDuplicates } from '../duplicate-steps';
import { ruleViolation } from '../failures';
import type { RequestActionHandlers } from './types';

const onTime = (nowMs: number, deadline: string | undefined) => !deadline || nowMs <= Date.parse(deadline);

export const handlingActions: RequestActionHandlers<'sign' | 'respond' | 'progress' | 'resolve' | 'review' | 'escalate' | 'withdraw'> = {
  sign: {
    run: async (w, p, a) => {
      w.s.status = 'SIGNED';
      await w.record('SIGNED', who(a), p.note, { onTime: onTime(w.nowMs(), w.s.deadlines.sign) });
    },
  },
  respond: {
    run: async (w, p, a) => {
      w.s.status = 'RESPONDED';
      await w.record('RESPONDED', who(a), p.note, {
        onTime: onTime(w.nowMs(), w.s.deadlines.respond),
        contactedAt: p.contactedAt ?? w.now(),
      });
    },
  },
  progress: {
    run: async (w, p, a) => {
      w.s.status = 'IN_PROGRESS';
      await w.record('PROGRESS', who(a), p.note);
    },
  },
  resolve: {
    check: (w) => {
      const pending = w.s.pendingReports;
      if (pending.length) throw ruleViolation(`departments have not reported yet: ${pending.join(', ')}`, 'reportsPending');
    },
    run: async (w, p, a) => {
      const { s } = w;
      s.status = 'RESOLVED';
      s.pendingExtension = null;
      s.pendingPause = null;
      s.statusNotes = p.statusNotes;
      await w.record('RESOLVED', who(a), undefined, {
        statusNotes: p.statusNotes,
        serviceNotice: p.serviceNotice ?? null,
        onTime: onTime(w.nowMs(), s.deadlines.resolve),
      });
    },
  },
  review: {
    run: async (w, p, a) => {
      if (p.decision === 'REDO') {
        w.s.status = 'IN_PROGRESS';
        await w.record('REVIEW_REDO', who(a), p.reason);
        return;
      }
      w.s.status = 'REVIEWED';
      await w.record('REVIEWED', who(a), p.reason);
      await tellDuplicates(w, 'REVIEWED');
      await startCallback(w);
    },
  },
  escalate: {
    run: async (w, p, a) => {
      if (!(await w.escalate(who(a), p.reason, 'WHISTLED'))) {
        throw ruleViolation('already at the top of the ladder (区指挥中心)', 'topOfLadder');
      }
    },
  },
  withdraw: {
    run: async (w, p, a) => {
      w.s.status = 'WITHDRAWN';
      await w.record('WITHDRAWN', who(a), p.reason);
      await tellDuplicates(w, 'CLOSED');
    },
  },
};
