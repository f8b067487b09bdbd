import { CONSULTATION_LIMITS } from '../../domain/consultation-model';
import { meetingReminderAt } from '../../domain/consultation-rules';
import type { ImplementationRecord } from '../consultation-definitions';
import { currentEvaluation, currentImplementation, currentNotice, currentPublicity } from '../consultation-state';
import type { ConsultationContext } from './context';
import { beijingTime } from '../../domain/time';
import type { DueStep } from '../shared/due-step';
import { nextRung, type SupervisionLevel } from '../shared/supervision-ladder';

/** Every timer-driven step: take-up deadline, 12-month expiry, meeting reminder, publicity and evaluation windows, 督办. */
export function createTimers(
  c: ConsultationContext,
  {
    archive,
    finishPublicity,
    closeEvaluation,
  }: { archive: () => Promise<void>; finishPublicity: () => Promise<void>; closeEvaluation: () => Promise<void> },
) {
  const { s, input, itemId, scale, acts, record, notify, notifyParticipants } = c;

  // ---------------------------------------------------------------- timers
  function nextTimer(): DueStep | null {
    switch (s.status) {
      case 'COLLECTED': {
        const expiry = { at: s.expiresAt, summary: '集: 12-month expiry', fire: expire };
        if (s.takeUpDeadline && !s.takeUpOverdue && Date.parse(s.takeUpDeadline) < Date.parse(s.expiresAt)) {
          return { at: s.takeUpDeadline, summary: `集: take-up deadline (${input.track})`, fire: takeUpOverdue };
        }
        return expiry;
      }
      case 'MEETING_SCHEDULED': {
        const notice = currentNotice(s);
        if (!notice || notice.reminderSent) return null;
        const at = meetingReminderAt(Date.parse(notice.meetingAt), scale);
        return {
          at: new Date(at).toISOString(),
          summary: '议: reminder 24 h before the meeting',
          fire: async () => {
            notice.reminderSent = true;
            await record('MEETING_REMINDER', 'system', undefined, { meetingAt: notice.meetingAt });
            await notifyParticipants('MEETING_REMINDER', `议事提醒: 议题 ${itemId} 将于 ${beijingTime(notice.meetingAt)} 协商`, {
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
            await record('PUBLICITY_WINDOW_CLOSED', 'system', undefined, { objections: pub.objections.length, pending });
            if (pending === 0) await finishPublicity();
          },
        };
      }
      case 'IMPLEMENTING':
        return supervisionTimer();
      case 'EVALUATING': {
        const ev = currentEvaluation(s);
        return ev ? { at: ev.closesAt, summary: '评: evaluation window (7 days)', fire: closeEvaluation } : null;
      }
      default:
        return null;
    }
  }

  async function takeUpOverdue() {
    s.takeUpOverdue = true;
    await record('TAKE_UP_OVERDUE', 'system', `not taken up by ${s.takeUpDeadline}`, { track: input.track });
    await notify(
      'CONSULTATION_TAKE_UP_OVERDUE',
      input.communityCode,
      `议题 ${itemId} 未在时限 ${s.takeUpDeadline} 内${input.track === 'INSTANT' ? '答复 (即时议 48小时)' : '启动 (深入议 5个工作日)'}`,
    );
  }

  async function expire() {
    s.status = 'EXPIRED';
    s.outcome = 'EXPIRED';
    await record('EXPIRED', 'system', `not taken up within ${CONSULTATION_LIMITS.EXPIRY_MONTHS} months`);
    await archive();
  }

  /** The same 50/75/100 % + 通报 ladder as requests, on the implementation deadline. */
  function supervisionTimer(): DueStep | null {
    const impl = currentImplementation(s);
    if (!impl) return null;
    const rung = nextRung(impl.schedule, impl.supervisionLevel);
    return rung ? { at: rung.at, summary: rung.summary, fire: () => supervise(impl, rung.level) } : null;
  }

  async function supervise(impl: ImplementationRecord, level: SupervisionLevel) {
    impl.supervisionLevel = level;
    const unit = impl.owner.unitCode;
    if (level === 1) {
      await record('REMINDER_50', 'system', undefined, { cycle: impl.cycle });
      await notify('REMINDER_50', unit, `议事协商 ${itemId} 已用去一半落实时限，截止 ${beijingTime(impl.deadline)}`);
    } else if (level === 2) {
      await record('URGE_75', 'system', undefined, { cycle: impl.cycle });
      await notify('URGE_75', unit, `催办: 议事协商 ${itemId} 将于 ${beijingTime(impl.deadline)} 到期`, { to: 'unitHead' });
    } else if (level === 3) {
      impl.overdue = true;
      await record('OVERDUE', 'system', `deadline ${beijingTime(impl.deadline)} passed`, { cycle: impl.cycle });
      await notify('SUPERVISION_ORDER', unit, `督办单: 议事协商 ${itemId} 落实超期`);
      // 下呼上应: the street above the community is told (the item stays with its community).
      const target = await acts.findEscalationTarget(input.communityCode);
      if (target) {
        await record('ESCALATED', 'system', `超期未落实 (deadline ${beijingTime(impl.deadline)})`, { to: target.code });
        await notify('ESCALATED', target.code, `议事协商 ${itemId} (${input.communityCode}) 落实超期，请街道督办`);
      }
    } else {
      await record('PUBLIC_NOTICE', 'system', 'overdue 5 working days without completion', { cycle: impl.cycle });
      await notify('PUBLIC_NOTICE', unit, `通报: 议事协商 ${itemId} 超期5个工作日未落实`);
    }
  }

  return { nextTimer };
}
