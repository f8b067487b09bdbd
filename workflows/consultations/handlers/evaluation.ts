/** 督 → 评: progress checkpoints and the residents' and participants' ratings. */
import { localDateOf } from '../../../domain/shared/time';
import { currentEvaluation, currentImplementation } from '../state';
import { actorLabel as who } from '../../shared/update-failures';
import { ruleViolation } from '../failures';
import { openEvaluation } from '../steps';
import type { ConsultationActionHandlers } from './types';

export const evaluationActions: ConsultationActionHandlers<'progress' | 'evaluate'> = {
  progress: {
    check: (w, p) => {
      const open = w.s.linkedRequests.filter((l) => !l.closed).map((l) => l.requestId);
      if (p.percent === 100 && open.length) {
        throw ruleViolation(`办 waits for its 接诉即办 requests: ${open.join(', ')}`, 'linkedRequestsOpen', { open });
      }
    },
    run: async (w, p, a) => {
      const { s } = w;
      const impl = currentImplementation(s)!;
      const recordedAt = w.now();
      const date = p.date ?? localDateOf(new Date(recordedAt));
      s.progress.push({
        cycle: impl.cycle,
        date,
        recordedAt,
        percent: p.percent,
        note: p.note,
        evidence: p.evidence,
        volunteers: p.volunteers,
        by: who(a),
      });
      await w.record('PROGRESS', who(a), p.note, { percent: p.percent, date, evidence: p.evidence, cycle: impl.cycle });
      await w.award(w.awardsFor(p.volunteers, 'VOLUNTEER'), '志愿参与落实');
      if (p.percent === 100) {
        impl.completedAt = recordedAt;
        await w.record('IMPLEMENTATION_COMPLETED', who(a), undefined, {
          cycle: impl.cycle,
          onTime: Date.parse(recordedAt) <= Date.parse(impl.deadline),
        });
        await openEvaluation(w);
      }
    },
  },
  evaluate: {
    check: (w, p) => {
      const { s } = w;
      const ev = currentEvaluation(s);
      if (!ev || w.nowMs() >= Date.parse(ev.closesAt)) throw ruleViolation('the evaluation window has closed', 'evaluationClosed');
      if (p.raterKind === 'PARTICIPANT' && !s.participants.some((x) => x.id === p.raterId)) {
        throw ruleViolation(`${p.raterId} is not a participant of this item`, 'notParticipant');
      }
      if (ev.ratings.some((r) => r.raterId === p.raterId)) throw ruleViolation(`${p.raterId} has already rated`, 'alreadyRated');
    },
    run: async (w, p, a) => {
      const ev = currentEvaluation(w.s)!;
      ev.ratings.push({
        raterId: p.raterId,
        raterKind: p.raterKind,
        satisfaction: p.satisfaction,
        comment: p.comment ?? null,
        at: w.now(),
        by: who(a),
      });
      await w.record('RATED', who(a), p.comment, { raterId: p.raterId, raterKind: p.raterKind, satisfaction: p.satisfaction });
      const isResident = p.raterKind === 'RESIDENT' || w.residentParticipant(p.raterId);
      if (isResident) await w.award([{ residentId: p.raterId, event: 'EVALUATE' }], '参与评议');
    },
  },
};
