import { CONSULTATION_LIMITS } from '../../domain/consultation-model';
import { tallyEvaluation } from '../../domain/consultation-rules';
import * as schemas from '../../domain/consultations/actions';
import { beijingTime, localDateOf } from '../../domain/time';
import * as cdefs from '../consultation-definitions';
import { currentEvaluation, currentImplementation } from '../consultation-state';
import type { ConsultationContext } from './context';
import { ruleViolation } from './failures';
import type { registerImplementation } from './implementation';

/** 督 → 评: progress checkpoints, the 7-day evaluation, and its outcome (reopen or archive). */
export function registerEvaluation(
  c: ConsultationContext,
  {
    startImplementation,
    archive,
  }: {
    startImplementation: ReturnType<typeof registerImplementation>['startImplementation'];
    archive: () => Promise<void>;
  },
) {
  const { s, input, itemId, now, nowMs, due, who, record, notify, award, awardsFor, residentParticipant, action } = c;

  // ---------------------------------------------------------------- 督: progress checkpoints
  action(
    cdefs.consultationProgressUpdate,
    'progress',
    schemas.progressSchema,
    async (p, a) => {
      const impl = currentImplementation(s)!;
      const recordedAt = now();
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
      await record('PROGRESS', who(a), p.note, { percent: p.percent, date, evidence: p.evidence, cycle: impl.cycle });
      await award(awardsFor(p.volunteers, 'VOLUNTEER'), '志愿参与落实');
      if (p.percent === 100) {
        impl.completedAt = recordedAt;
        await record('IMPLEMENTATION_COMPLETED', who(a), undefined, {
          cycle: impl.cycle,
          onTime: Date.parse(recordedAt) <= Date.parse(impl.deadline),
        });
        await openEvaluation();
      }
    },
    (p) => {
      const open = s.linkedRequests.filter((l) => !l.closed).map((l) => l.requestId);
      if (p.percent === 100 && open.length) {
        throw ruleViolation(`办 waits for its 接诉即办 requests: ${open.join(', ')}`, 'linkedRequestsOpen', { open });
      }
    },
  );

  // ---------------------------------------------------------------- 评: 7-day evaluation
  async function openEvaluation() {
    const opensAt = now();
    const closesAt = await due(opensAt, CONSULTATION_LIMITS.EVALUATION);
    s.evaluations.push({ round: s.evaluations.length + 1, opensAt, closesAt, ratings: [], tally: null });
    s.status = 'EVALUATING';
    await record('EVALUATION_OPENED', 'system', undefined, { closesAt });
    await notify('EVALUATION_OPEN', input.communityCode, `议事协商 ${itemId} 已办结，请居民和参与方于 ${beijingTime(closesAt)} 前评议`, {
      closesAt,
    });
  }

  action(
    cdefs.evaluateUpdate,
    'evaluate',
    schemas.evaluateSchema,
    async (p, a) => {
      const ev = currentEvaluation(s)!;
      ev.ratings.push({
        raterId: p.raterId,
        raterKind: p.raterKind,
        satisfaction: p.satisfaction,
        comment: p.comment ?? null,
        at: now(),
        by: who(a),
      });
      await record('RATED', who(a), p.comment, { raterId: p.raterId, raterKind: p.raterKind, satisfaction: p.satisfaction });
      const isResident = p.raterKind === 'RESIDENT' || residentParticipant(p.raterId);
      if (isResident) await award([{ residentId: p.raterId, event: 'EVALUATE' }], '参与评议');
    },
    (p) => {
      const ev = currentEvaluation(s);
      if (!ev || nowMs() >= Date.parse(ev.closesAt)) throw ruleViolation('the evaluation window has closed', 'evaluationClosed');
      if (p.raterKind === 'PARTICIPANT' && !s.participants.some((x) => x.id === p.raterId)) {
        throw ruleViolation(`${p.raterId} is not a participant of this item`, 'notParticipant');
      }
      if (ev.ratings.some((r) => r.raterId === p.raterId)) throw ruleViolation(`${p.raterId} has already rated`, 'alreadyRated');
    },
  );

  async function closeEvaluation() {
    const ev = currentEvaluation(s)!;
    ev.tally = tallyEvaluation(ev.ratings);
    if (ev.tally.passed === false) {
      await record('EVALUATION_FAILED', 'system', 'more than half not satisfied, or exactly half', { tally: ev.tally });
      const previous = currentImplementation(s)!;
      const impl = await startImplementation(previous.owner, 'system');
      await record('REOPENED', 'system', undefined, { cycle: impl.cycle, deadline: impl.deadline });
      await notify('IMPLEMENTATION_ASSIGNED', impl.owner.unitCode, `评议未通过: 议事协商 ${itemId} 重新办理，时限 ${beijingTime(impl.deadline)}`, {
        deadline: impl.deadline,
      });
      return;
    }
    await record(ev.tally.passed ? 'EVALUATION_PASSED' : 'NOT_EVALUATED', 'system', undefined, { tally: ev.tally });
    s.status = 'ARCHIVED';
    s.outcome = 'COMPLETED';
    await archive();
  }

  return { closeEvaluation };
}
