/** Every timer-driven step of an item: take-up deadline, 12-month expiry, meeting reminder, 公 and 评 windows, 督办. */
import { CONSULTATION_LIMITS } from '../../domain/consultations/model';
import { meetingReminderAt } from '../../domain/consultations/rules';
import { beijingTime } from '../../domain/shared/time';
import type { ImplementationRecord } from './definitions';
import { currentEvaluation, currentImplementation, currentNotice, currentPublicity } from './state';
import type { DueStep } from '../shared/due-step';
import { nextRung, type SupervisionLevel } from '../shared/supervision-ladder';
import { archive, closeEvaluation, finishPublicity } from './steps';
import type { ConsultationWorkflow } from './workflow';

/** The next timer-driven step, or null when only a message can move the item. */
export function nextStep(w: ConsultationWorkflow): DueStep | null {
  const { s, input } = w;
  switch (s.status) {
    case 'COLLECTED': {
      if (s.takeUpDeadline && !s.takeUpOverdue && Date.parse(s.takeUpDeadline) < Date.parse(s.expiresAt)) {
        return { at: s.takeUpDeadline, summary: `集: take-up deadline (${input.track})`, fire: () => takeUpOverdue(w) };
      }
      return { at: s.expiresAt, summary: '集: 12-month expiry', fire: () => expire(w) };
    }
    case 'MEETING_SCHEDULED': {
      const notice = currentNotice(s);
      if (!notice || notice.reminderSent) return null;
      return {
        at: new Date(meetingReminderAt(Date.parse(notice.meetingAt), w.scale)).toISOString(),
        summary: '议: reminder 24 h before the meeting',
        fire: async () => {
          notice.reminderSent = true;
          await w.record('MEETING_REMINDER', 'system', undefined, { meetingAt: notice.meetingAt });
          await w.notifyParticipants('MEETING_REMINDER', `议事提醒: 议题 ${w.itemId} 将于 ${beijingTime(notice.meetingAt)} 协商`, {
            meetingAt: notice.meetingAt,
          });
        },
      };
    }
    case 'PUBLICIZING': {
      const pub = currentPublicity(s);
      if (!pub || pub.windowClosed) return null;
      return {
        at: pub.endsAt,
        summary: '公: publicity window (7 days)',
        fire: async () => {
          pub.windowClosed = true;
          const pending = pub.objections.filter((o) => !o.decision).length;
          await w.record('PUBLICITY_WINDOW_CLOSED', 'system', undefined, { objections: pub.objections.length, pending });
          if (pending === 0) await finishPublicity(w);
        },
      };
    }
    case 'IMPLEMENTING': {
      const impl = currentImplementation(s);
      const rung = impl ? nextRung(impl.schedule, impl.supervisionLevel) : null;
      return impl && rung ? { at: rung.at, summary: rung.summary, fire: () => supervise(w, impl, rung.level) } : null;
    }
    case 'EVALUATING': {
      const ev = currentEvaluation(s);
      return ev ? { at: ev.closesAt, summary: '评: evaluation window (7 days)', fire: () => closeEvaluation(w) } : null;
    }
    default:
      return null;
  }
}

async function takeUpOverdue(w: ConsultationWorkflow): Promise<void> {
  const { s, input } = w;
  s.takeUpOverdue = true;
  await w.record('TAKE_UP_OVERDUE', 'system', `not taken up by ${s.takeUpDeadline}`, { track: input.track });
  await w.notify(
    'CONSULTATION_TAKE_UP_OVERDUE',
    input.communityCode,
    `议题 ${w.itemId} 未在时限 ${s.takeUpDeadline} 内${input.track === 'INSTANT' ? '答复 (即时议 48小时)' : '启动 (深入议 5个工作日)'}`,
  );
}

async function expire(w: ConsultationWorkflow): Promise<void> {
  w.s.status = 'EXPIRED';
  w.s.outcome = 'EXPIRED';
  await w.record('EXPIRED', 'system', `not taken up within ${CONSULTATION_LIMITS.EXPIRY_MONTHS} months`);
  await archive(w);
}

/** One rung of the 督办 ladder on the implementation deadline (the same ladder as requests). */
async function supervise(w: ConsultationWorkflow, impl: ImplementationRecord, level: SupervisionLevel): Promise<void> {
  const { input, itemId } = w;
  impl.supervisionLevel = level;
  const unit = impl.owner.unitCode;
  const deadline = beijingTime(impl.deadline);
  switch (level) {
    case 1:
      await w.record('REMINDER_50', 'system', undefined, { cycle: impl.cycle });
      await w.notify('REMINDER_50', unit, `议事协商 ${itemId} 已用去一半落实时限，截止 ${deadline}`);
      return;
    case 2:
      await w.record('URGE_75', 'system', undefined, { cycle: impl.cycle });
      await w.notify('URGE_75', unit, `催办: 议事协商 ${itemId} 将于 ${deadline} 到期`, { to: 'unitHead' });
      return;
    case 3: {
      impl.overdue = true;
      await w.record('OVERDUE', 'system', `deadline ${deadline} passed`, { cycle: impl.cycle });
      await w.notify('SUPERVISION_ORDER', unit, `督办单: 议事协商 ${itemId} 落实超期`);
      // 下呼上应: the street above the community is told (the item stays with its community).
      const target = await w.acts.findEscalationTarget(input.communityCode);
      if (target) {
        await w.record('ESCALATED', 'system', `超期未落实 (deadline ${deadline})`, { to: target.code });
        await w.notify('ESCALATED', target.code, `议事协商 ${itemId} (${input.communityCode}) 落实超期，请街道督办`);
      }
      return;
    }
    case 4:
      await w.record('PUBLIC_NOTICE', 'system', 'overdue 5 working days without completion', { cycle: impl.cycle });
      await w.notify('PUBLIC_NOTICE', unit, `通报: 议事协商 ${itemId} 超期5个工作日未落实`);
  }
}
