/** 回访/评价, 不合理诉求 (flag, review), 咨询 answered directly, 督回访 re-check. */
import { REQUEST_LIMITS } from '../../../domain/requests/limits';
import { answerSendsToRedo } from '../../../domain/requests/three-rates';
import { actorLabel as who } from '../../shared/update-failures';
import { archive, closeOrRecheck, finishUnrated, reopenOrFlag } from '../closing-steps';
import { ruleViolation } from '../failures';
import type { RequestActionHandlers } from './types';

export const closingActions: RequestActionHandlers<'callback' | 'flagUnreasonable' | 'decideUnreasonable' | 'answer' | 'recheck'> = {
  callback: {
    check: (_w, p) => {
      if (p.reached && (p.resolved === undefined || p.satisfaction === undefined)) {
        throw ruleViolation('a reached callback needs resolved and satisfaction', 'callbackAnswer');
      }
    },
    run: async (w, p, a) => {
      const { s } = w;
      const cb = s.callback!;
      cb.attempts++;
      if (!p.reached || p.resolved === undefined || p.satisfaction === undefined) {
        await w.record('CALLBACK_UNREACHED', who(a), p.note, { attempt: cb.attempts });
        if (cb.attempts >= REQUEST_LIMITS.CALLBACK_ATTEMPTS) {
          await finishUnrated(w, `${REQUEST_LIMITS.CALLBACK_ATTEMPTS} attempts without reaching the citizen`);
        }
        return;
      }
      s.resolved = p.resolved;
      s.satisfaction = p.satisfaction;
      s.status = 'RATED';
      await w.record('RATED', who(a), p.note, { resolved: s.resolved, satisfaction: s.satisfaction, attempt: cb.attempts });
      // The same rule tells 解决率 that this answer counts as unresolved until the redo is rated.
      if (answerSendsToRedo({ resolved: p.resolved, satisfaction: p.satisfaction })) await reopenOrFlag(w, who(a));
      else await closeOrRecheck(w);
    },
  },
  flagUnreasonable: {
    check: (w) => {
      if (w.s.pendingUnreasonable) throw ruleViolation('a flag is already pending review', 'unreasonablePending');
    },
    run: async (w, p, a) => {
      w.s.pendingUnreasonable = { category: p.category, reason: p.reason, by: who(a) };
      await w.record('UNREASONABLE_FLAGGED', who(a), p.reason, { category: p.category });
    },
  },
  decideUnreasonable: {
    check: (w) => {
      if (!w.s.pendingUnreasonable) throw ruleViolation('no flag is pending review', 'noPendingFlag');
    },
    run: async (w, p, a) => {
      const { s } = w;
      const flag = s.pendingUnreasonable!;
      s.pendingUnreasonable = null;
      if (!p.approve) {
        await w.record('UNREASONABLE_REJECTED', who(a), p.reason, { category: flag.category });
        return;
      }
      // Upheld: excluded from 三率, still archived, with the explanation given to the citizen.
      s.excludedFromRates = true;
      await w.record('UNREASONABLE_UPHELD', who(a), p.reason, { category: flag.category, excludedFromRates: true });
      await archive(w);
    },
  },
  answer: {
    run: async (w, p, a) => {
      const deadline = w.s.deadlines.resolve;
      w.s.status = 'ANSWERED_DIRECT';
      await w.record('ANSWERED_DIRECT', who(a), undefined, {
        answer: p.answer,
        onTime: !deadline || w.nowMs() <= Date.parse(deadline),
      });
      await archive(w);
    },
  },
  recheck: {
    run: async (w, p, a) => {
      await w.record(p.reached ? 'RECHECKED' : 'RECHECK_UNREACHED', who(a), p.note, { stillResolved: p.stillResolved ?? null });
      await archive(w);
    },
  },
};
